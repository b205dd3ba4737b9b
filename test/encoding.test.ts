import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonical } from '../src/system/canonical.ts';
import { FieldSums, fieldSums, fieldSumsFrom, Hasher } from '../src/system/hash.ts';
import type { ClusterState } from '../src/system/cluster.ts';
import { sameMessage, type Message } from '../src/system/message.ts';
import { deliverableMessages, emptyNetwork, locate, remove, send, type NetworkKind } from '../src/system/network.ts';
import { pingModel } from './support/toy.ts';

// The fingerprint of the ping model's states: sender s {sent}, receiver r {got}, and a network.
const model = pingModel(3, 'bag');

function stateWith(kind: NetworkKind, sent: number, got: number[], messages: Message[]): ClusterState {
  return {
    nodes: { s: { value: 'sending', context: { sent } }, r: { value: 'listening', context: { got } } },
    down: [],
    network: send(emptyNetwork(kind), messages),
  };
}

const message = fc.record({ type: fc.constantFrom('ping', 'pong'), from: fc.constantFrom('s', 'r'), to: fc.constantFrom('s', 'r'), k: fc.integer({ min: 0, max: 3 }) });

/** The state as an independent value: the multiset of messages as sorted canonical strings. */
function independentKey(kind: NetworkKind, sent: number, got: number[], messages: Message[]): string {
  const keys = messages.map((m) => JSON.stringify([m.type, m.from, m.to, m.k]));
  const net = kind === 'set' ? [...new Set(keys)].sort() : keys.sort();
  return JSON.stringify([sent, got, net]);
}

describe('canonical state encoding', () => {
  it('ignores key order', () => {
    expect(canonical({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonical({ a: { c: null, d: [2, 1] }, b: 1 }));
  });

  it.each(['set', 'bag'] as const)('%s: permuting the messages in the network never changes the fingerprint', (kind) => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 8 }), fc.func(fc.integer()), (messages, rank) => {
        const shuffled = messages.map((m, i) => ({ m, r: rank(i) })).sort((a, b) => a.r - b.r).map((x) => x.m);
        expect(model.fingerprint(stateWith(kind, 1, [1], shuffled))).toBe(model.fingerprint(stateWith(kind, 1, [1], messages)));
      }),
      { numRuns: 500 },
    );
  });

  it('fifo: the order within one channel matters, the order between channels does not', () => {
    const a: Message = { type: 'ping', from: 's', to: 'r', k: 1 };
    const b: Message = { type: 'ping', from: 's', to: 'r', k: 2 };
    const c: Message = { type: 'pong', from: 'r', to: 's', k: 1 };
    expect(model.fingerprint(stateWith('fifo', 0, [], [a, b]))).not.toBe(model.fingerprint(stateWith('fifo', 0, [], [b, a])));
    expect(model.fingerprint(stateWith('fifo', 0, [], [a, c, b]))).toBe(model.fingerprint(stateWith('fifo', 0, [], [c, a, b])));
  });

  it.each(['set', 'bag'] as const)('%s: two states get the same fingerprint exactly when they are the same state', (kind) => {
    const state = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.array(fc.integer({ min: 1, max: 2 }), { maxLength: 2 }), fc.array(message, { maxLength: 3 }));
    fc.assert(
      fc.property(state, state, ([s1, g1, m1], [s2, g2, m2]) => {
        const same = independentKey(kind, s1, g1, m1) === independentKey(kind, s2, g2, m2);
        const fpSame = model.fingerprint(stateWith(kind, s1, g1, m1)) === model.fingerprint(stateWith(kind, s2, g2, m2));
        expect(fpSame).toBe(same);
      }),
      { numRuns: 2000 },
    );
  });
});

/** The state's structural hash as one string, `lo:hi`. */
function hashOf(state: ClusterState): string {
  const out = new Uint32Array(2);
  model.hashInto!(state, out);
  return `${out[0]}:${out[1]}`;
}

function hashValue(v: unknown): string {
  const h = new Hasher();
  h.value(v);
  h.finish();
  return `${h.lo}:${h.hi}`;
}

// Plain JSON values with few distinct leaves, so that equal values are frequent.
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(0, -0, 1, 2, 2 ** 40, 0.5, -1),
    fc.constantFrom('a', 'b', '1', ''),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 3 }),
  ),
})).value;

/** The same value with every object's keys in reverse order. */
function reversedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.keys(v).reverse().map((k) => [k, reversedKeys((v as Record<string, unknown>)[k])]));
}

describe('the structural hash (the checker\'s fingerprint)', () => {
  it('two JSON values hash alike exactly when their canonical encodings are equal', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        expect(hashValue(a) === hashValue(b)).toBe(canonical(a) === canonical(b));
        expect(sameMessage({ type: 'm', v: a }, { type: 'm', v: b })).toBe(canonical(a) === canonical(b));
      }),
      { numRuns: 5000 },
    );
  });

  it('ignores key order, treats an undefined field as absent and -0 as 0', () => {
    fc.assert(
      fc.property(json, (v) => {
        expect(hashValue(reversedKeys(v))).toBe(hashValue(v));
      }),
      { numRuns: 1000 },
    );
    expect(hashValue({ a: 1, b: undefined })).toBe(hashValue({ a: 1 }));
    expect(hashValue({ a: null })).not.toBe(hashValue({}));
    expect(hashValue(-0)).toBe(hashValue(0));
    expect(hashValue(1)).not.toBe(hashValue('1'));
    expect(hashValue([[]])).not.toBe(hashValue([]));
  });

  it('an object hashed from another one\'s field sums gets the sums it would get from scratch', () => {
    const record = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.oneof(json, fc.constant(undefined)), { maxKeys: 4 });
    const sums = (r: Record<string, unknown>) => {
      const out = new FieldSums();
      fieldSums(r, out);
      return [out.count, out.lo, out.hi];
    };
    fc.assert(
      fc.property(record, record, fc.boolean(), (base, other, derive) => {
        // Either an unrelated object, or one made from the base as a step makes a context.
        const next = derive ? { ...base, ...other } : other;
        const baseSums = new FieldSums();
        fieldSums(base, baseSums);
        const out = new FieldSums();
        fieldSumsFrom(next, base, baseSums, out);
        expect([out.count, out.lo, out.hi]).toEqual(sums(next));
      }),
      { numRuns: 3000 },
    );
  });

  it('spreads 200,000 distinct small values over distinct 64-bit hashes', () => {
    const seen = new Set<string>();
    for (let a = 0; a < 200; a++) for (let b = 0; b < 1000; b++) seen.add(hashValue({ term: a, log: [{ term: b, value: 'v1' }] }));
    expect(seen.size).toBe(200_000);
  });

  it.each(['set', 'bag', 'fifo'] as const)('%s: states hash alike exactly when their canonical fingerprints are equal', (kind) => {
    const state = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.array(fc.integer({ min: 1, max: 2 }), { maxLength: 2 }), fc.array(message, { maxLength: 4 }));
    fc.assert(
      fc.property(state, state, ([s1, g1, m1], [s2, g2, m2]) => {
        const a = stateWith(kind, s1, g1, m1);
        const b = stateWith(kind, s2, g2, m2);
        expect(hashOf(a) === hashOf(b)).toBe(model.fingerprint(a) === model.fingerprint(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('a hash remembered on a node or an array is not carried to a copy with other content', () => {
    const before = stateWith('bag', 1, [1], []);
    hashOf(before);
    // Spreading copies enumerable Symbol keys; the copy must still be hashed by its content.
    const r = before.nodes.r;
    const copied: ClusterState = { ...before, nodes: { ...before.nodes, r: { ...r, context: { ...r.context, got: [2] } } } };
    expect(hashOf(copied)).toBe(hashOf(stateWith('bag', 1, [2], [])));
    const got = [1];
    hashValue(got);
    const grown = [...got, 2];
    expect(hashValue(grown)).toBe(hashValue([1, 2]));
  });

  it.each(['set', 'bag'] as const)('%s: a message rebuilt from its content is found and removed like the one sent', (kind) => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 6 }), (messages) => {
        const net = send(emptyNetwork(kind), messages);
        for (const m of deliverableMessages(net)) {
          const copy = JSON.parse(JSON.stringify(m)) as Message;
          expect(locate(net, copy)).toBe(locate(net, m));
          expect(remove(net, copy)).toEqual(remove(net, m));
        }
        expect(locate(net, { type: 'absent' })).toBe(-1);
      }),
      { numRuns: 500 },
    );
  });
});
