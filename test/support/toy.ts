import { assign, emit, setup } from 'xstate';
import type { ClusterState } from '../../src/system/cluster.ts';
import { clusterModel } from '../../src/system/cluster.ts';
import { maxCopies, type NetworkKind } from '../../src/system/network.ts';
import { contextOf } from '../../src/system/view.ts';

/**
 * Hand-made models with state counts worked out by hand in the tests that use them.
 */

/** One node counting up from 0 to `max` by local `inc` events: max + 1 reachable states. */
export function counterModel(max: number, opts: { badAt?: number; bound?: number } = {}) {
  const machine = setup({
    types: {} as { context: { n: number }; events: { type: 'inc' } },
    guards: { belowMax: ({ context }) => context.n < max },
    actions: { increment: assign({ n: ({ context }) => context.n + 1 }) },
  }).createMachine({ id: 'counter', context: { n: 0 }, initial: 'counting', states: { counting: { on: { inc: { guard: 'belowMax', actions: 'increment' } } } } });
  return clusterModel({
    protocol: 'counter',
    variant: 'default',
    params: { max },
    roles: [{ name: 'counter', machine, receives: [], localEvents: () => [{ type: 'inc' }] }],
    nodes: [{ id: 'c', role: 'counter', input: undefined }],
    network: 'set',
    withinBounds: opts.bound === undefined ? undefined : (s: ClusterState) => contextOf<{ n: number }>(s, 'c').n <= opts.bound!,
    invariants: opts.badAt === undefined ? [] : [{ name: 'BelowBad', source: 'test', holds: (s: ClusterState) => contextOf<{ n: number }>(s, 'c').n < opts.badAt! }],
    witnesses: [{ name: 'ReachedMax', source: 'test', holds: (s: ClusterState) => contextOf<{ n: number }>(s, 'c').n === max }],
  });
}

/**
 * One node counting up from 0 by `inc` (n + 1) or by `jump` (n + 100), within n <= bound:
 * every state has one successor within the bounds (until n = bound, which has none) and one
 * outside them. With `badAt`, the invariant n != badAt.
 */
export function jumpModel(bound: number, opts: { badAt?: number } = {}) {
  const machine = setup({
    types: {} as { context: { n: number }; events: { type: 'inc' } | { type: 'jump' } },
    actions: { increment: assign({ n: ({ context }) => context.n + 1 }), leap: assign({ n: ({ context }) => context.n + 100 }) },
  }).createMachine({ id: 'jumper', context: { n: 0 }, initial: 'counting', states: { counting: { on: { inc: { actions: 'increment' }, jump: { actions: 'leap' } } } } });
  const steps = [{ type: 'inc' }, { type: 'jump' }];
  return clusterModel({
    protocol: 'jumper',
    variant: 'default',
    params: { bound },
    roles: [{ name: 'jumper', machine, receives: [], localEvents: () => steps }],
    nodes: [{ id: 'c', role: 'jumper', input: undefined }],
    network: 'set',
    withinBounds: (s: ClusterState) => contextOf<{ n: number }>(s, 'c').n <= bound,
    invariants: opts.badAt === undefined ? [] : [{ name: 'NotBad', source: 'test', holds: (s: ClusterState) => contextOf<{ n: number }>(s, 'c').n !== opts.badAt }],
    witnesses: [{ name: 'ReachedBound', source: 'test', holds: (s: ClusterState) => contextOf<{ n: number }>(s, 'c').n === bound }],
  });
}

/**
 * Two processes: a sender emits `ping(k)` for k = 1..pings (each once), a receiver counts what
 * it received. Used to exercise each network semantics.
 */
export function pingModel(pings: number, network: NetworkKind, faults: { drop?: boolean; duplicate?: boolean } = {}, opts: { noDoubleDelivery?: boolean } = {}) {
  const sender = setup({
    types: {} as { context: { sent: number }; events: { type: 'send' } },
    guards: { morePings: ({ context }) => context.sent < pings },
    actions: {
      sendPing: emit(({ context }) => ({ type: 'ping', from: 's', to: 'r', k: context.sent + 1 })),
      countSent: assign({ sent: ({ context }) => context.sent + 1 }),
    },
  }).createMachine({ id: 'sender', context: { sent: 0 }, initial: 'sending', states: { sending: { on: { send: { guard: 'morePings', actions: ['sendPing', 'countSent'] } } } } });
  const receiver = setup({
    types: {} as { context: { got: number[] }; events: { type: 'ping'; k: number } },
    actions: { record: assign({ got: ({ context, event }) => [...context.got, event.k] }) },
  }).createMachine({ id: 'receiver', context: { got: [] }, initial: 'listening', states: { listening: { on: { ping: { actions: 'record' } } } } });
  return clusterModel({
    protocol: 'ping',
    variant: 'default',
    params: { pings },
    roles: [
      { name: 'sender', machine: sender, receives: [], localEvents: () => [{ type: 'send' }] },
      { name: 'receiver', machine: receiver, receives: ['ping'] },
    ],
    nodes: [
      { id: 's', role: 'sender', input: undefined },
      { id: 'r', role: 'receiver', input: undefined },
    ],
    network,
    faults,
    // At most two copies of a message: duplication would otherwise grow the bag without end.
    withinBounds: (s) => contextOf<{ got: number[] }>(s, 'r').got.length <= pings + 1 && maxCopies(s.network) <= 2,
    invariants: opts.noDoubleDelivery
      ? [{ name: 'NoDoubleDelivery', source: 'test', holds: (s: ClusterState) => new Set(contextOf<{ got: number[] }>(s, 'r').got).size === contextOf<{ got: number[] }>(s, 'r').got.length }]
      : [],
    witnesses: [],
  });
}
