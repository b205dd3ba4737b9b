import type { Trace } from '../checker/result.ts';
import type { ClusterAction, ClusterModel, ClusterState } from '../system/cluster.ts';
import { modelTransitions, transitionName, transitionOf, type Transition } from './transitions.ts';

/** Per role: how many of its statechart's transitions some generated trace takes. */
export interface RoleCoverage {
  readonly role: string;
  readonly covered: number;
  readonly total: number;
  /** Names of the transitions no reachable state within the bounds takes. */
  readonly missing: readonly string[];
}

export interface CoveringTraces {
  /** One shortest trace per covered transition, whose last step takes it. */
  readonly traces: readonly { readonly transition: Transition; readonly trace: Trace<ClusterState, ClusterAction> }[];
  readonly coverage: readonly RoleCoverage[];
  readonly statesExplored: number;
  /** True when the search stopped at `maxStates` before exhausting the bounded state space. */
  readonly cut: boolean;
}

/**
 * Path generation over the model's state graph: a breadth-first search within the model's
 * bounds that keeps, for each statechart transition, the first (so a shortest) path that
 * takes it, as @xstate/graph's shortest paths do for one machine.
 *
 * Example: `coveringTraces(protocol.build(params, 'default')).coverage` is, for Paxos,
 * `[{ role: 'proposer', covered: 5, total: 5 }, ...]`.
 */
export function coveringTraces(model: ClusterModel, options: { maxStates?: number; skip?: ReadonlySet<string> } = {}): CoveringTraces {
  const maxStates = options.maxStates ?? 300_000;
  const all = modelTransitions(model);
  // Transitions already covered elsewhere (`skip`) are not searched for, nor reported as covered here.
  const wanted = new Set(all.map(transitionName).filter((name) => !options.skip?.has(name)));
  const found = new Map<string, { transition: Transition; trace: Trace<ClusterState, ClusterAction> }>();
  const states: ClusterState[] = [];
  const parent: number[] = [];
  const via: (ClusterAction | undefined)[] = [];
  const index = new Map<string, number>();
  const pathTo = (id: number) => {
    const ss: ClusterState[] = [];
    const as: ClusterAction[] = [];
    for (let at = id; at >= 0; at = parent[at]) {
      ss.push(states[at]);
      if (via[at]) as.push(via[at]!);
    }
    return { states: ss.reverse(), actions: as.reverse() };
  };
  for (const s of model.initialStates()) {
    const fp = model.fingerprint(s);
    if (index.has(fp)) continue;
    index.set(fp, states.length);
    states.push(s);
    parent.push(-1);
    via.push(undefined);
  }
  let head = 0;
  let cut = false;
  while (head < states.length && found.size < wanted.size) {
    if (states.length >= maxStates) {
      cut = true;
      break;
    }
    const id = head++;
    const state = states[id];
    for (const action of model.actions(state)) {
      const next = model.nextState(state, action);
      if (next === undefined) continue;
      const t = transitionOf(model, state, action, next);
      if (t) {
        const name = transitionName(t);
        if (wanted.has(name) && !found.has(name)) {
          const path = pathTo(id);
          found.set(name, { transition: t, trace: { states: [...path.states, next], actions: [...path.actions, action] } });
        }
      }
      if (!model.withinBounds(next)) continue;
      const fp = model.fingerprint(next);
      if (index.has(fp)) continue;
      index.set(fp, states.length);
      states.push(next);
      parent.push(id);
      via.push(action);
    }
  }
  const coverage = model.definition.roles.map((r) => {
    const mine = all.filter((t) => t.role === r.name);
    const missing = mine.filter((t) => !found.has(transitionName(t))).map(transitionName);
    return { role: r.name, covered: mine.length - missing.length, total: mine.length, missing };
  });
  return { traces: [...found.values()], coverage, statesExplored: states.length, cut };
}
