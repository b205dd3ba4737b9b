import { assign, emit, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { clusterModel, type ClusterAction, type ClusterState, type Engine } from '../src/system/cluster.ts';

/**
 * The reference engine is what the fast path is held to (equal counts) and what the
 * benchmark's naive baseline runs, so it must take every step through XState: a step the
 * fast engine remembers would hide a difference between the two and flatter the baseline.
 * The fast engine computes a step once per (node state, event), however the node state was
 * reached. Counters in the machine's assigns (impure, for these tests only) tell how often a
 * step was really computed.
 */
function counted(engine: Engine, faults: { restart?: boolean } = {}) {
  let computed = 0;
  const machine = setup({
    types: { context: {} as { a: number; b: number } },
    actions: {
      bumpA: assign(({ context }) => {
        computed++;
        return { a: context.a + 1 };
      }),
      bumpB: assign(({ context }) => {
        computed++;
        return { b: context.b + 1 };
      }),
    },
  }).createMachine({ id: 'counter', context: { a: 0, b: 0 }, on: { A: { actions: 'bumpA' }, B: { actions: 'bumpB' } } });
  const events = [{ type: 'A' }, { type: 'B' }];
  const model = clusterModel({
    protocol: 'counter',
    variant: 'default',
    params: {},
    roles: [{ name: 'counter', machine, receives: [], persistent: ['a'], localEvents: () => events }],
    nodes: [{ id: 'c1', role: 'counter', input: {} }],
    network: 'bag',
    faults,
    invariants: [],
    witnesses: [],
    engine,
  });
  /** The successor of `state` by its local event of type `type`. */
  const after = (state: ClusterState, type: string) => {
    const action = (model.actions(state) as ClusterAction[]).find((a) => a.kind === 'local' && a.event.type === type)!;
    return model.nextState(state, action)!;
  };
  return { model, after, computed: () => computed };
}

describe('engines and remembered steps', () => {
  it.each<[Engine, number]>([
    ['xstate', 3],
    ['compiled', 1],
  ])('the %s engine computes the same step from the same state %i time(s) when asked three times', (engine, times) => {
    const { model, after, computed } = counted(engine);
    const [initial] = model.initialStates();
    const results = [1, 2, 3].map(() => after(initial, 'A'));
    expect(computed()).toBe(times);
    for (const r of results) expect(r.nodes.c1.context).toEqual({ a: 1, b: 0 });
  });

  it.each<[Engine, number]>([
    ['xstate', 2],
    ['compiled', 1],
  ])('the %s engine computes a step from one node state reached on two paths %i time(s)', (engine, times) => {
    const { model, after, computed } = counted(engine);
    const [initial] = model.initialStates();
    // A then B, and B then A: the same node state {a: 1, b: 1}, made by two different steps.
    const viaA = after(after(initial, 'A'), 'B');
    const viaB = after(after(initial, 'B'), 'A');
    expect(viaA.nodes.c1.context).toEqual(viaB.nodes.c1.context);
    const before = computed();
    const next = [after(viaA, 'A'), after(viaB, 'A')];
    expect(computed() - before).toBe(times);
    for (const r of next) expect(r.nodes.c1.context).toEqual({ a: 2, b: 1 });
  });

  it("adopts a state copied from another thread: the model's own node objects, and its remembered steps", () => {
    const { model, after, computed } = counted('compiled');
    const [initial] = model.initialStates();
    const state = after(after(initial, 'A'), 'B');
    const next = after(state, 'A');
    // A parallel search's worker receives states as structured clones: equal, never identical.
    const copy = structuredClone(state);
    expect(copy.nodes.c1).not.toBe(state.nodes.c1);
    const [adopted] = model.adopt([copy]);
    expect(adopted.nodes.c1).toBe(state.nodes.c1);
    expect(model.fingerprint(adopted)).toBe(model.fingerprint(state));
    const before = computed();
    expect(after(adopted, 'A').nodes.c1).toBe(next.nodes.c1);
    expect(computed()).toBe(before);
  });

  it('adopts the states of one message together: what they shared stays shared, as this model\'s objects', () => {
    const { model, after } = counted('compiled');
    const [initial] = model.initialStates();
    const a1 = after(initial, 'A');
    const a1b1 = after(a1, 'B');
    // Cloned in one message, the two states share the copy of their common network.
    const [x, y] = structuredClone([a1, a1b1]);
    expect(x.network).toBe(y.network);
    const [ax, ay] = model.adopt([x, y]);
    expect(ax.nodes.c1).toBe(a1.nodes.c1);
    expect(ay.nodes.c1).toBe(a1b1.nodes.c1);
    expect(ax.network).toBe(ay.network);
    expect(model.fingerprint(ay)).toBe(model.fingerprint(a1b1));
  });

  it('interns a restarted node: the node of that content met before, whose steps are remembered', () => {
    const { model, after, computed } = counted('compiled', { restart: true });
    const [initial] = model.initialStates();
    const a1 = after(initial, 'A');
    after(a1, 'A');
    // {a: 1, b: 1} restarts keeping only `a`: {a: 1, b: 0}, the content of a1's node.
    const a1b1 = after(a1, 'B');
    const restart = (model.actions(a1b1) as ClusterAction[]).find((a) => a.kind === 'restart')!;
    const restarted = model.nextState(a1b1, restart)!;
    expect(restarted.nodes.c1.context).toEqual({ a: 1, b: 0 });
    expect(restarted.nodes.c1).toBe(a1.nodes.c1);
    const before = computed();
    expect(after(restarted, 'A').nodes.c1.context).toEqual({ a: 2, b: 0 });
    expect(computed()).toBe(before);
  });

  it.each<[Engine, boolean]>([
    ['compiled', true],
    ['xstate', false],
  ])('the %s engine settles two stored states with equal networks on one network object: %s', (engine, shared) => {
    // Two steps that change the node differently and send the same message: two networks
    // of the same content, built apart.
    const machine = setup({
      types: { context: {} as { a: number; b: number } },
      actions: {
        bumpA: assign(({ context }) => ({ a: context.a + 1 })),
        bumpB: assign(({ context }) => ({ b: context.b + 1 })),
        ping: emit({ type: 'Ping' }),
      },
    }).createMachine({ id: 'pinger', context: { a: 0, b: 0 }, on: { A: { actions: ['bumpA', 'ping'] }, B: { actions: ['bumpB', 'ping'] } } });
    const events = [{ type: 'A' }, { type: 'B' }];
    const model = clusterModel({
      protocol: 'pinger',
      variant: 'default',
      params: {},
      roles: [{ name: 'pinger', machine, receives: ['Ping'], localEvents: () => events }],
      nodes: [{ id: 'p1', role: 'pinger', input: {} }],
      network: 'bag',
      invariants: [],
      witnesses: [],
      engine,
    });
    const [initial] = model.initialStates();
    const [viaA, viaB] = (model.actions(initial) as ClusterAction[]).filter((a) => a.kind === 'local').map((a) => model.nextState(initial, a)!);
    expect(viaA.network).not.toBe(viaB.network);
    const [settledA, settledB] = [model.settle!(viaA), model.settle!(viaB)];
    expect(settledA.network === settledB.network).toBe(shared);
    expect(model.fingerprint(settledB)).toBe(model.fingerprint(viaB));
    expect(settledB.nodes).toBe(viaB.nodes);
    expect(settledB.network).toEqual(viaB.network);
  });
  it('offers the very same action objects for a message in every state that holds it', () => {
    const machine = setup({
      types: { context: {} as { a: number } },
      actions: { bumpA: assign(({ context }) => ({ a: context.a + 1 })), ping: emit({ type: 'Ping' }) },
    }).createMachine({ id: 'pinger', context: { a: 0 }, on: { A: { actions: ['bumpA', 'ping'] } } });
    const model = clusterModel({
      protocol: 'pinger',
      variant: 'default',
      params: {},
      roles: [{ name: 'pinger', machine, receives: ['Ping'], localEvents: () => [{ type: 'A' }] }],
      nodes: [{ id: 'p1', role: 'pinger', input: {} }],
      network: 'bag',
      faults: { drop: true, duplicate: true },
      invariants: [],
      witnesses: [],
    });
    const local = (state: ClusterState) => (model.actions(state) as ClusterAction[]).find((a) => a.kind === 'local')!;
    const [initial] = model.initialStates();
    const once = model.nextState(initial, local(initial))!;
    const twice = model.nextState(once, local(once))!;
    const ofMessage = (state: ClusterState) => (model.actions(state) as ClusterAction[]).filter((a) => a.kind !== 'local');
    // One Ping in flight, then two copies of it: a delivery, a drop and a duplicate each time.
    expect(ofMessage(once).map((a) => a.kind)).toEqual(['deliver', 'drop', 'duplicate']);
    expect(ofMessage(twice).map((a) => a.kind)).toEqual(['deliver', 'drop', 'duplicate']);
    ofMessage(twice).forEach((action, k) => expect(action).toBe(ofMessage(once)[k]));
  });
});
