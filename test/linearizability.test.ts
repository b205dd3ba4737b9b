import { describe, expect, it } from 'vitest';
import { checkLinearizable, get, put } from '../src/linearizability/index.ts';

// Each history below is small enough to be decided by hand; the comment says why.
describe('linearizability of key-value histories', () => {
  it('accepts a read that overlaps a write and sees it', () => {
    // put x=1 [0,10], get x=1 [5,12]: order put, get.
    expect(checkLinearizable([put(1, 'x', '1', 0, 10), get(2, 'x', '1', 5, 12)]).ok).toBe(true);
  });

  it('accepts a read that overlaps a write and does not see it', () => {
    // get x=null [5,12] may go before put x=1 [0,10].
    expect(checkLinearizable([put(1, 'x', '1', 0, 10), get(2, 'x', null, 5, 12)]).ok).toBe(true);
  });

  it('rejects a stale read that starts after the write returned', () => {
    // put x=1 returned at 10; a get invoked at 11 must see 1.
    const r = checkLinearizable([put(1, 'x', '1', 0, 10), get(2, 'x', null, 11, 12)]);
    expect(r.ok).toBe(false);
    expect(r.badKey).toBe('x');
  });

  it('rejects two reads that see two concurrent writes in opposite orders', () => {
    // Writes 1 and 2 overlap each other; after both returned, client 3 reads 1 then 2 and
    // client 4 (at the same time) reads 2 then 1: no single order explains both.
    const h = [
      put(1, 'x', '1', 0, 10),
      put(2, 'x', '2', 0, 10),
      get(3, 'x', '1', 20, 21),
      get(3, 'x', '2', 22, 23),
      get(4, 'x', '2', 20, 21),
      get(4, 'x', '1', 22, 23),
    ];
    expect(checkLinearizable(h).ok).toBe(false);
  });

  it('accepts sequential reads that follow one order of concurrent writes', () => {
    const h = [put(1, 'x', '1', 0, 10), put(2, 'x', '2', 0, 10), get(3, 'x', '2', 20, 21), get(4, 'x', '2', 22, 23)];
    expect(checkLinearizable(h).ok).toBe(true);
  });

  it('rejects a read of a value nobody wrote', () => {
    expect(checkLinearizable([put(1, 'x', '1', 0, 10), get(2, 'x', '7', 20, 21)]).ok).toBe(false);
  });

  it('lets an unanswered write take effect late, after its invocation', () => {
    // put x=1 never answered; a read at [20,21] sees 1 and a later read too: it took effect.
    const h = [put(1, 'x', '1', 0, null), get(2, 'x', null, 5, 6), get(2, 'x', '1', 20, 21), get(3, 'x', '1', 30, 31)];
    expect(checkLinearizable(h).ok).toBe(true);
  });

  it('lets an unanswered write never take effect', () => {
    const h = [put(1, 'x', '1', 0, null), get(2, 'x', null, 20, 21), get(3, 'x', null, 30, 31)];
    expect(checkLinearizable(h).ok).toBe(true);
  });

  it('rejects an unanswered write that is seen and then unseen', () => {
    // Once a read saw x=1 (with no other writer), a later read cannot see x absent again.
    const h = [put(1, 'x', '1', 0, null), get(2, 'x', '1', 20, 21), get(3, 'x', null, 30, 31)];
    expect(checkLinearizable(h).ok).toBe(false);
  });

  it('rejects an unanswered write seen before it was invoked', () => {
    const h = [get(2, 'x', '1', 0, 5), put(1, 'x', '1', 10, null)];
    expect(checkLinearizable(h).ok).toBe(false);
  });

  it('ignores unanswered reads', () => {
    const h = [put(1, 'x', '1', 0, 10), get(2, 'x', 'garbage', 20, null)];
    expect(checkLinearizable(h).ok).toBe(true);
  });

  it('checks keys independently: a violation on one key names that key', () => {
    const h = [put(1, 'a', '1', 0, 10), get(2, 'a', '1', 11, 12), put(1, 'b', '1', 0, 10), get(2, 'b', null, 11, 12)];
    const r = checkLinearizable(h);
    expect(r).toMatchObject({ ok: false, badKey: 'b' });
  });

  it('memoisation keeps many concurrent writes tractable', () => {
    // 12 concurrent writes of distinct values, then one read of the last-numbered one: any
    // order ending with that write works. Without memoisation the search would visit up to
    // 12! (479 million) orders; with (set, value) memoised it is bounded by 2^12 * 13 configurations.
    const h = Array.from({ length: 12 }, (_, i) => put(i, 'x', String(i), 0, 100));
    h.push(get(99, 'x', '11', 200, 201));
    const r = checkLinearizable(h);
    expect(r.ok).toBe(true);
    expect(r.configurations).toBeLessThanOrEqual(2 ** 12 * 13);
    // And a read of a value no one wrote, after all of them, fails after an exhaustive search.
    h[12] = get(99, 'x', 'nope', 200, 201);
    expect(checkLinearizable(h).ok).toBe(false);
  });
  it('leaves out unanswered writes of values nobody read, however many there are', () => {
    // 60 writes that timed out, all concurrent with everything: with each free to take effect
    // anywhere or never, the search would be exponential; none of their values was read, so
    // leaving them all out is a linearization if any is.
    const h = Array.from({ length: 60 }, (_, i) => put(i, 'x', `lost${i}`, i, null));
    h.push(put(100, 'x', 'a', 10, 20), get(101, 'x', 'a', 30, 40), put(102, 'x', 'b', 50, 60), get(103, 'x', 'b', 70, 80));
    const r = checkLinearizable(h, { maxConfigurations: 1000 });
    expect(r).toMatchObject({ ok: true });
    // A read of one of those values after a later acknowledged write makes it count again,
    // and it cannot be explained: b was acknowledged at 60, then lost7 is read at 90.
    h.push(get(104, 'x', 'lost7', 90, 95), get(105, 'x', 'b', 96, 99));
    const broken = checkLinearizable(h, { maxConfigurations: 100000 });
    expect(broken.ok).toBe(false);
    expect(broken.unknown).toBeUndefined();
    // Read before b was written, lost7 is fine: it took effect between a and the read.
    h.splice(-2, 2, get(104, 'x', 'lost7', 41, 45));
    expect(checkLinearizable(h, { maxConfigurations: 100000 }).ok).toBe(true);
  });
});
