import type { Model } from '../model/model.ts';
import { fingerprintWords } from './fingerprint.ts';
import type { StateGraph } from './graph.ts';
import type { MemoryGuard } from './memory.ts';
import { brokenActionProperty, brokenInvariant, type WitnessTracker } from './properties.ts';
import type { Violation } from './result.ts';
import { StoreFullError } from './visited.ts';

/** A state waiting to be expanded, with its graph index and depth. */
export interface Frontier<S> {
  readonly state: S;
  readonly id: number;
  readonly depth: number;
}

export interface Expansion<S, A> {
  /** Enabled actions taken (each one generated state), up to a violation if one stopped it. */
  readonly generated: number;
  readonly violation?: Violation<S, A>;
  /** Set when the visited store could not grow: the run stops as incomplete. */
  readonly storeFull?: string;
}

/**
 * Expands one state, the step BFS and DFS share: every enabled action's successor is checked
 * against the action properties, then, unless seen before, against the invariants (a state
 * outside the bounds is checked but not added, as TLC treats a CONSTRAINT); each new in-bounds
 * successor is handed to `discovered`, in action order.
 *
 * Example: `expandState(model, graph, witnesses, memory, { state, id, depth }, (child) => queue.push(child))`.
 */
export function expandState<S, A>(
  model: Model<S, A>,
  graph: StateGraph<S, A>,
  witnesses: WitnessTracker<S>,
  memory: MemoryGuard,
  { state, id, depth }: Frontier<S>,
  discovered: (child: Frontier<S>) => void,
): Expansion<S, A> {
  let generated = 0;
  const actions = model.actions(state);
  for (let position = 0; position < actions.length; position++) {
    const action = actions[position];
    const next = model.nextState(state, action);
    if (next === undefined) continue;
    generated++;
    const brokenStep = brokenActionProperty(model, state, action, next);
    if (brokenStep) {
      return { generated, violation: { property: brokenStep, kind: 'action', depth: depth + 1, trace: graph.traceThrough(model, id, action) } };
    }
    const inBounds = model.withinBounds(next);
    let nextId = -1;
    if (inBounds) {
      try {
        const fp = fingerprintWords(model, next);
        nextId = graph.addWords(fp[0], fp[1], id, position);
      } catch (error) {
        if (!(error instanceof StoreFullError)) throw error;
        return { generated, storeFull: memory.storeFullReason(error) };
      }
      if (nextId < 0) continue;
    }
    const broken = brokenInvariant(model, next);
    if (broken) {
      return { generated, violation: { property: broken, kind: 'invariant', depth: depth + 1, trace: graph.traceThrough(model, id, action) } };
    }
    if (!inBounds) continue;
    witnesses.observe(next);
    discovered({ state: model.settle ? model.settle(next) : next, id: nextId, depth: depth + 1 });
  }
  return { generated };
}
