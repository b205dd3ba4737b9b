import { describe, expect, it } from 'vitest';
import { bfs } from '../src/checker/bfs.ts';
import { stateFingerprint } from '../src/checker/fingerprint.ts';
import { StateGraph } from '../src/checker/graph.ts';
import type { Model } from '../src/model/model.ts';
import type { ClusterAction, ClusterState } from '../src/system/cluster.ts';
import { counterModel, pingModel } from './support/toy.ts';

// The store keeps no states, only each state's parent and the position of the action that
// reached it; traces are rebuilt by re-executing those positions from the initial state.
// These tests check the rebuilt traces against a second, independent exploration.

/** Every reachable state's canonical encoding with its BFS distance: a plain BFS over a Map. */
function distances<S, A>(model: Model<S, A>): Map<string, { state: S; depth: number }> {
  const seen = new Map<string, { state: S; depth: number }>();
  let frontier = model.initialStates();
  for (const s of frontier) seen.set(model.fingerprint(s), { state: s, depth: 0 });
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: S[] = [];
    for (const s of frontier) {
      for (const a of model.actions(s)) {
        const t = model.nextState(s, a);
        if (t === undefined || !model.withinBounds(t)) continue;
        const enc = model.fingerprint(t);
        if (seen.has(enc)) continue;
        seen.set(enc, { state: t, depth });
        next.push(t);
      }
    }
    frontier = next;
  }
  return seen;
}

/** The same model with one invariant: "the state with encoding `target` is never reached". */
function neverReach<S, A>(model: Model<S, A>, target: string): Model<S, A> {
  return { ...model, invariants: [{ name: 'NeverReach', source: 'test', holds: (s: S) => model.fingerprint(s) !== target }], actionProperties: [] };
}

const toyModels: [string, Model<ClusterState, ClusterAction>][] = [
  ['a counter to 6', counterModel(6)],
  ['3 pings over a set network', pingModel(3, 'set')],
  ['3 pings over a bag network', pingModel(3, 'bag')],
  ['3 pings over a fifo network that may drop', pingModel(3, 'fifo', { drop: true })],
];

describe('traces rebuilt by re-execution', () => {
  it.each(toyModels)('lead to every reachable state of %s by a shortest valid execution', (_name, model) => {
    const reference = distances(model);
    expect(reference.size).toBeGreaterThan(1);
    let checked = 0;
    for (const [encoding, { depth }] of reference) {
      const r = bfs(neverReach(model, encoding));
      expect(r.result).toBe('violation');
      const trace = r.violation!.trace;
      // Shortest: as many steps as the independent BFS distance.
      expect(r.violation!.depth).toBe(depth);
      expect(trace.actions).toHaveLength(depth);
      expect(trace.states).toHaveLength(depth + 1);
      // Valid: starts in an initial state, every step is the model's own successor, ends at the target.
      expect(model.initialStates().map((s) => model.fingerprint(s))).toContain(model.fingerprint(trace.states[0]));
      for (let i = 0; i < depth; i++) {
        const next = model.nextState(trace.states[i], trace.actions[i]);
        expect(next && model.fingerprint(next)).toBe(model.fingerprint(trace.states[i + 1]));
      }
      expect(model.fingerprint(trace.states[depth])).toBe(encoding);
      checked++;
    }
    expect(checked).toBe(reference.size);
  });

  it('of a counter are the hand-counted path: n = 0, 1, 2, 3 after three increments', () => {
    const r = bfs(counterModel(10, { badAt: 3 }));
    expect(r.violation?.trace.states.map((s) => s.nodes.c.context.n)).toEqual([0, 1, 2, 3]);
    expect(r.violation?.trace.actions.map((a) => counterModel(10).describeAction(a))).toEqual(['counter c inc', 'counter c inc', 'counter c inc']);
  });

  it('take the recorded position in the re-enumerated actions of each state', () => {
    // Three pings over a set network: the sender sends ping 1, then the receiver takes it.
    const model = pingModel(3, 'set');
    const graph = new StateGraph<ClusterState, ClusterAction>();
    const s0 = model.initialStates()[0];
    const root = graph.add(stateFingerprint(model, s0), -1, 0);
    const sendAt = model.actions(s0).findIndex((a) => a.kind === 'local');
    const s1 = model.nextState(s0, model.actions(s0)[sendAt])!;
    const sent = graph.add(stateFingerprint(model, s1), root, sendAt);
    const deliverAt = model.actions(s1).findIndex((a) => a.kind === 'deliver');
    const s2 = model.nextState(s1, model.actions(s1)[deliverAt])!;
    const received = graph.add(stateFingerprint(model, s2), sent, deliverAt);
    const trace = graph.trace(model, received);
    expect(trace.actions.map((a) => model.describeAction(a))).toEqual(['sender s send', 'receiver r receives ping(k=1) from s']);
    expect(trace.states.map((s) => model.fingerprint(s))).toEqual([s0, s1, s2].map((s) => model.fingerprint(s)));
  });

  it('refuse a model whose actions change between enumerations (it is not deterministic)', () => {
    const base = counterModel(5);
    let calls = 0;
    // The second enumeration of any state offers nothing, so re-execution cannot follow the path.
    const fickle: Model<ClusterState, ClusterAction> = { ...base, actions: (s) => (calls++ === 0 ? base.actions(s) : []) };
    const graph = new StateGraph<ClusterState, ClusterAction>();
    const s0 = base.initialStates()[0];
    const root = graph.add(stateFingerprint(base, s0), -1, 0);
    const s1 = base.nextState(s0, fickle.actions(s0)[0])!;
    const id = graph.add(stateFingerprint(base, s1), root, 0);
    expect(() => graph.trace(fickle, id)).toThrow(/re-execution failed/);
  });
});
