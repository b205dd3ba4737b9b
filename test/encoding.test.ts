import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonical } from '../src/system/canonical.ts';
import type { ClusterState } from '../src/system/cluster.ts';
import type { Message } from '../src/system/message.ts';
import { emptyNetwork, send, type NetworkKind } from '../src/system/network.ts';
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
