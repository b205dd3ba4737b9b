import { assign, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { clusterModel, type ClusterAction, type Engine } from '../src/system/cluster.ts';

/**
 * The reference engine is what the fast path is held to (equal counts) and what the
 * benchmark's naive baseline runs, so it must take every step through XState: a step the
 * fast engine remembers would hide a difference between the two and flatter the baseline.
 * A counter in the machine's assign (impure, for this test only) tells how often a step was
 * really computed.
 */
function counted(engine: Engine) {
  let computed = 0;
  const machine = setup({
    types: { context: {} as { n: number } },
    actions: {
      increment: assign(({ context }) => {
        computed++;
        return { n: context.n + 1 };
      }),
    },
  }).createMachine({ id: 'counter', context: { n: 0 }, on: { Tick: { actions: 'increment' } } });
  const model = clusterModel({
    protocol: 'counter',
    variant: 'default',
    params: {},
    roles: [{ name: 'counter', machine, receives: [], localEvents: () => [{ type: 'Tick' }] }],
    nodes: [{ id: 'c1', role: 'counter', input: {} }],
    network: 'bag',
    invariants: [],
    witnesses: [],
    engine,
  });
  return { model, computed: () => computed };
}

describe('engines and remembered steps', () => {
  it.each<[Engine, number]>([
    ['xstate', 3],
    ['compiled', 1],
  ])('the %s engine computes the same step from the same state %i time(s) when asked three times', (engine, times) => {
    const { model, computed } = counted(engine);
    const [initial] = model.initialStates();
    const [tick] = model.actions(initial) as ClusterAction[];
    const results = [1, 2, 3].map(() => model.nextState(initial, tick));
    expect(computed()).toBe(times);
    for (const r of results) expect(r?.nodes.c1.context).toEqual({ n: 1 });
  });
});
