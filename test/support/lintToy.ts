import { assign, setup } from 'xstate';
import type { ProtocolDefinition } from '../../src/model/protocol.ts';
import type { ClusterState } from '../../src/system/cluster.ts';
import { clusterModel } from '../../src/system/cluster.ts';
import { contextOf } from '../../src/system/view.ts';

/**
 * A protocol made to be linted: one counter node, a guard and an action nobody uses, a
 * property no variant breaks, a variant that claims a break it cannot show, and a witness
 * that is never reached. test/lint.test.ts copies this file beside itself to read its lines.
 */

const count = (s: ClusterState) => contextOf<{ n: number }>(s, 'c').n;

function counter(max: number) {
  return setup({
    types: {} as { context: { n: number }; events: { type: 'inc' } },
    guards: {
      belowMax: ({ context }) => context.n < max,
      neverChecked: () => true,
    },
    actions: {
      increment: assign({ n: ({ context }) => context.n + 1 }),
      neverDone: assign({ n: () => 0 }),
    },
  }).createMachine({ id: 'lintCounter', context: { n: 0 }, initial: 'counting', states: { counting: { on: { inc: { guard: 'belowMax', actions: 'increment' } } } } });
}

export const lintToy: ProtocolDefinition = {
  name: 'linttoy',
  description: 'a counter with deliberate lint findings',
  roles: ['counter'],
  params: [{ name: 'max', type: 'int', default: 3, min: 1, max: 9, description: 'highest count' }],
  variants: [
    { name: 'default', description: 'counts to max' },
    { name: 'overflow', description: 'counts past the bad value', breaks: 'BelowBad', defaults: { max: 5 } },
    { name: 'harmless', description: 'claims a break it never shows', breaks: 'BelowBad' },
  ],
  properties: ['BelowBad', 'Unbroken'],
  witnesses: ['ReachedMax', 'Unreachable'],
  build(params, variant) {
    const max = params.max as number;
    return clusterModel({
      protocol: 'linttoy',
      variant,
      params,
      roles: [{ name: 'counter', machine: counter(max), receives: [], localEvents: () => [{ type: 'inc' }] }],
      nodes: [{ id: 'c', role: 'counter', input: undefined }],
      network: 'set',
      invariants: [
        { name: 'BelowBad', source: 'test', holds: (s) => count(s) < 4 },
        { name: 'Unbroken', source: 'test', holds: (s) => count(s) >= 0 },
      ],
      witnesses: [
        { name: 'ReachedMax', source: 'test', holds: (s) => count(s) === max },
        { name: 'Unreachable', source: 'test', holds: (s) => count(s) === 99 },
      ],
    });
  },
};
