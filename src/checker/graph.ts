import type { Model } from '../model/model.ts';
import type { Trace } from './result.ts';

/**
 * The explored graph, stored compactly: for each distinct state its fingerprint index, its
 * parent's index and the action that reached it. A trace is rebuilt by re-executing those
 * actions from the initial state, as TLC does, so states need not be kept.
 */
export class StateGraph<S, A> {
  private readonly index = new Map<string, number>();
  private readonly parents: number[] = [];
  private readonly via: (A | undefined)[] = [];
  private readonly initial: number[] = [];

  get size(): number {
    return this.parents.length;
  }

  has(fp: string): boolean {
    return this.index.has(fp);
  }

  /** Adds a state; returns its index, or -1 when it was already there. */
  add(fp: string, parent: number, action: A | undefined, initialIndex = -1): number {
    if (this.index.has(fp)) return -1;
    const id = this.parents.length;
    this.index.set(fp, id);
    this.parents.push(parent);
    this.via.push(action);
    this.initial.push(initialIndex);
    return id;
  }

  /** The path to state `id`, re-executed from its initial state. */
  trace(model: Model<S, A>, id: number): Trace<S, A> {
    const actions: A[] = [];
    let at = id;
    while (this.parents[at] >= 0) {
      actions.push(this.via[at] as A);
      at = this.parents[at];
    }
    actions.reverse();
    return replayActions(model, model.initialStates()[this.initial[at]], actions);
  }

  /** The path to state `id` followed by one more step. */
  traceThrough(model: Model<S, A>, id: number, action: A): Trace<S, A> {
    const base = this.trace(model, id);
    return replayActions(model, base.states[0], [...base.actions, action]);
  }
}

/** Re-executes actions from a state; throws if one is not enabled (the model is not deterministic). */
export function replayActions<S, A>(model: Model<S, A>, start: S, actions: readonly A[]): Trace<S, A> {
  const states: S[] = [start];
  let state = start;
  for (const action of actions) {
    const next = model.nextState(state, action);
    if (next === undefined) throw new Error(`re-execution failed at step ${states.length}: ${model.describeAction(action)} is not enabled`);
    states.push(next);
    state = next;
  }
  return { states, actions: actions.slice() };
}
