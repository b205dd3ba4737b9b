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
 * Where successors are stored: the state graph of a sequential search, the shared table of
 * a parallel one. `addWords` stores a fingerprint (as two 32-bit words) with its parent and
 * the action position that reached it, and gives its index, or -1 when it was there already;
 * it may throw StoreFullError.
 */
export interface SuccessorStore {
  addWords(lo: number, hi: number, parent: number, position: number): number;
}

/** A property the step at `position` of a state's actions broke. */
export interface BrokenStep {
  readonly property: string;
  readonly kind: 'invariant' | 'action';
  readonly position: number;
}

/**
 * Expands one state, the inner loop of every exhaustive search (BFS, DFS, the workers of a
 * parallel BFS): every enabled action's successor is checked against the action properties,
 * then, unless seen before, against the invariants (a state outside the bounds is checked
 * but not stored, as TLC treats a CONSTRAINT); each new in-bounds successor is stored under
 * `id`, its parent, and handed to `discovered` (settled, see Model.settle), in action order.
 * Stops at the first property broken, or when the store is full.
 *
 * Example: `expandSuccessors(model, graph, witnesses, state, id, (next, nextId) => queue.push({ state: next, id: nextId, depth: depth + 1 }))`.
 */
export function expandSuccessors<S, A>(
  model: Model<S, A>,
  store: SuccessorStore,
  witnesses: WitnessTracker<S>,
  state: S,
  id: number,
  discovered: (next: S, nextId: number) => void,
): { readonly generated: number; readonly broken?: BrokenStep; readonly storeFull?: StoreFullError } {
  let generated = 0;
  const actions = model.actions(state);
  for (let position = 0; position < actions.length; position++) {
    const action = actions[position];
    const next = model.nextState(state, action);
    if (next === undefined) continue;
    generated++;
    const brokenStep = brokenActionProperty(model, state, action, next);
    if (brokenStep) return { generated, broken: { property: brokenStep, kind: 'action', position } };
    const inBounds = model.withinBounds(next);
    let nextId = -1;
    if (inBounds) {
      try {
        const fp = fingerprintWords(model, next);
        nextId = store.addWords(fp[0], fp[1], id, position);
      } catch (error) {
        if (!(error instanceof StoreFullError)) throw error;
        return { generated, storeFull: error };
      }
      if (nextId < 0) continue;
    }
    const broken = brokenInvariant(model, next);
    if (broken) return { generated, broken: { property: broken, kind: 'invariant', position } };
    if (!inBounds) continue;
    witnesses.observe(next);
    discovered(model.settle ? model.settle(next) : next, nextId);
  }
  return { generated };
}

/**
 * `expandSuccessors` for BFS and DFS over a state graph: a broken property comes back as a
 * violation with its trace (re-executed from the graph), a full store as the reason the run
 * stops, and each new successor as a frontier entry one deeper.
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
  const r = expandSuccessors(model, graph, witnesses, state, id, (next, nextId) => discovered({ state: next, id: nextId, depth: depth + 1 }));
  if (r.storeFull) return { generated: r.generated, storeFull: memory.storeFullReason(r.storeFull) };
  if (r.broken) {
    const action = model.actions(state)[r.broken.position];
    return { generated: r.generated, violation: { property: r.broken.property, kind: r.broken.kind, depth: depth + 1, trace: graph.traceThrough(model, id, action) } };
  }
  return { generated: r.generated };
}
