import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateGraph } from '../src/checker/graph.ts';
import { StoreFullError, VisitedSet } from '../src/checker/visited.ts';

/** Nonzero 64-bit keys; half of them share a few low words, so they crowd into the same slots. */
const key64 = fc.oneof(
  fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
  fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }), fc.integer({ min: 0, max: 7 })).map(([hi, lo]) => (hi << 32n) | BigInt(lo)).filter((k) => k !== 0n),
);

/** `count` deterministic pseudo-random nonzero 64-bit keys (xorshift32 words, two per key). */
function randomKeys(count: number, seed: number): BigUint64Array {
  const keys = new BigUint64Array(count);
  const words = new Uint32Array(keys.buffer);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  // xorshift32 never yields 0, so no key is 0.
  return keys;
}

describe('VisitedSet', () => {
  it('answers membership exactly while it grows from 16 slots (checked against a Set)', () => {
    fc.assert(
      fc.property(fc.array(key64, { maxLength: 600 }), fc.array(key64, { maxLength: 50 }), (keys, probes) => {
        const set = new VisitedSet({ initialCapacity: 16 });
        const reference = new Set<bigint>();
        for (const k of keys) {
          expect(set.add(k)).toBe(!reference.has(k));
          reference.add(k);
        }
        expect(set.size).toBe(reference.size);
        for (const k of keys) expect(set.has(k)).toBe(true);
        for (const k of probes) expect(set.has(k)).toBe(reference.has(k));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps keys apart that differ only in their high word', () => {
    const set = new VisitedSet({ initialCapacity: 16 });
    const keys = Array.from({ length: 100 }, (_, i) => (BigInt(i + 1) << 32n) | 5n);
    for (const k of keys) expect(set.add(k)).toBe(true);
    expect(set.has(5n)).toBe(false);
    expect(set.has((101n << 32n) | 5n)).toBe(false);
    for (const k of keys) expect(set.has(k)).toBe(true);
    expect(set.size).toBe(100);
  });

  it('rejects 0 (the empty slot) and values outside 64 bits', () => {
    const set = new VisitedSet();
    expect(() => set.add(0n)).toThrow(RangeError);
    expect(() => set.add(2n ** 64n)).toThrow(RangeError);
    expect(() => set.has(-1n)).toThrow(RangeError);
  });

  it('doubles at 90% load, so it holds between 1.11 and 2.22 slots per key', () => {
    const set = new VisitedSet({ initialCapacity: 1024 });
    const keys = randomKeys(922, 1);
    // 1024 slots take 921 keys (90%); the 922nd doubles the table.
    for (let i = 0; i < 921; i++) set.add(keys[i]);
    expect(set.size).toBe(921);
    expect(set.capacity).toBe(1024);
    set.add(keys[921]);
    expect(set.capacity).toBe(2048);
  });

  it('refuses to grow when told not to, and keeps what it has', () => {
    const set = new VisitedSet({ initialCapacity: 16, allowGrowth: () => false });
    const keys = [...Array(14)].map((_, i) => BigInt(i + 1) * 0x1234567n);
    // 16 slots at 90% take 14 keys; the 15th needs a doubling that is refused.
    for (const k of keys) expect(set.add(k)).toBe(true);
    expect(() => set.add(999n)).toThrow(StoreFullError);
    expect(set.size).toBe(14);
    for (const k of keys) expect(set.has(k)).toBe(true);
    expect(set.has(999n)).toBe(false);
  });

  it('finds the smallest gap between stored fingerprints', () => {
    const set = new VisitedSet({ initialCapacity: 16 });
    for (const k of [2n ** 63n, 10n, 2n ** 40n + 7n, 17n, 2n ** 64n - 1n]) set.add(k);
    // Sorted: 10, 17, 2^40 + 7, 2^63, 2^64 - 1; the gaps are 7, 2^40 - 10, ... so 7.
    expect(set.smallestGap()).toBe(7);
    expect(new VisitedSet().smallestGap()).toBeUndefined();
  });
});

describe('StateGraph storage', () => {
  it('costs at most 24 bytes per distinct state once growth has settled (100,000 states and up)', () => {
    const graph = new StateGraph();
    const target = 600_000;
    const keys = randomKeys(target, 42);
    let worst = 0;
    let lastBytes = 0;
    let misnumbered = 0;
    for (let n = 1; n <= target; n++) {
      if (graph.add(keys[n - 1], n - 2, n % 65_536) !== n - 1) misnumbered++;
      // The ratio is worst right after a doubling; look then, and at regular points.
      if (n >= 100_000 && (graph.byteLength !== lastBytes || n % 50_000 === 0)) worst = Math.max(worst, graph.byteLength / n);
      lastBytes = graph.byteLength;
    }
    expect(misnumbered).toBe(0);
    expect(graph.size).toBe(target);
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThanOrEqual(24);
  });

  it('keeps each state parent and action position, and rejects a position over 16 bits', () => {
    const graph = new StateGraph();
    const keys = randomKeys(10_001, 7);
    for (let n = 0; n < 10_000; n++) graph.add(keys[n], n - 1, (n * 7) % 65_536);
    for (const id of [0, 1, 4095, 4096, 9999]) {
      expect(graph.parentOf(id)).toBe(id - 1);
      expect(graph.actionIndexOf(id)).toBe((id * 7) % 65_536);
    }
    expect(() => graph.add(keys[10_000], 0, 65_536)).toThrow(RangeError);
  });
});
