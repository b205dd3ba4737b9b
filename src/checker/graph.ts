import type { Model } from '../model/model.ts';
import { observedCollisionProbability, optimisticCollisionProbability, stateFingerprint } from './fingerprint.ts';
import type { CheckResult, Trace } from './result.ts';
import { VisitedSet, type VisitedSetOptions } from './visited.ts';

/** States per chunk of the parent and action arrays: small, so a half-empty last chunk costs little. */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
/** Action indices are kept in 16 bits. */
const MAX_ACTION_INDEX = 0xffff;

export type StoreFigures = Pick<CheckResult<unknown, unknown>, 'fingerprintCollisionProbability' | 'fingerprintCollisionProbabilityObserved' | 'storeBytes'>;

/**
 * The explored graph, stored compactly as TLC stores it: the 64-bit fingerprints of the
 * distinct states (VisitedSet), and for each state, by the index `add` gave it, its parent's
 * index (Int32) and the position of the action that reached it within `model.actions(parent)`
 * (Uint16; for an initial state, its position in `model.initialStates()`). States themselves
 * are not kept: a trace is rebuilt by re-executing the recorded action positions from the
 * initial state. Six bytes per state beside the fingerprint table; the arrays grow by
 * fixed-size chunks, so they never hold more than one chunk of slack.
 *
 * Example: `const g = new StateGraph(); const root = g.add(fp, -1, 0); g.trace(model, root)`.
 */
export class StateGraph<S, A> {
  private readonly visited: VisitedSet;
  private readonly parents: Int32Array[] = [];
  private readonly via: Uint16Array[] = [];
  private count = 0;

  constructor(options: VisitedSetOptions = {}) {
    this.visited = new VisitedSet(options);
  }

  /** Distinct states stored. */
  get size(): number {
    return this.count;
  }

  /** Bytes held by the fingerprint table and the parent and action arrays. */
  get byteLength(): number {
    return this.visited.byteLength + this.parents.length * CHUNK * (Int32Array.BYTES_PER_ELEMENT + Uint16Array.BYTES_PER_ELEMENT);
  }

  has(fp: bigint): boolean {
    return this.visited.has(fp);
  }

  /**
   * Adds a state by fingerprint; returns its index, or -1 when it was already there.
   * `actionIndex` is the position of the action in `model.actions(parent state)`, or, for an
   * initial state (`parent` -1), the position in `model.initialStates()`.
   * Throws StoreFullError when the fingerprint table may not grow.
   */
  add(fp: bigint, parent: number, actionIndex: number): number {
    return this.addWords(Number(fp & 0xffffffffn), Number(fp >> 32n), parent, actionIndex);
  }

  /** `add` for a fingerprint given as its low and high 32-bit words, as `fingerprintWords` gives it. */
  addWords(lo: number, hi: number, parent: number, actionIndex: number): number {
    if (!(actionIndex >= 0 && actionIndex <= MAX_ACTION_INDEX && Number.isInteger(actionIndex))) {
      throw new RangeError(`position ${actionIndex} does not fit in 16 bits: a state has more than ${MAX_ACTION_INDEX + 1} actions, or the model that many initial states`);
    }
    if (lo === 0 && hi === 0) throw new RangeError('a fingerprint is a nonzero 64-bit value, not 0');
    if (!this.visited.addWords(lo, hi)) return -1;
    const id = this.count++;
    if ((id & (CHUNK - 1)) === 0) {
      this.parents.push(new Int32Array(CHUNK));
      this.via.push(new Uint16Array(CHUNK));
    }
    this.parents[id >>> CHUNK_BITS][id & (CHUNK - 1)] = parent;
    this.via[id >>> CHUNK_BITS][id & (CHUNK - 1)] = actionIndex;
    return id;
  }

  /** The index of the state that reached `id`, or -1 for an initial state. */
  parentOf(id: number): number {
    return this.parents[id >>> CHUNK_BITS][id & (CHUNK - 1)];
  }

  /** The recorded action position of `id` (see `add`). */
  actionIndexOf(id: number): number {
    return this.via[id >>> CHUNK_BITS][id & (CHUNK - 1)];
  }

  /**
   * What a result reports of the store: its size in bytes and TLC's two estimates of a
   * fingerprint collision. The second sorts a copy of the fingerprints (8 bytes each), so it
   * is given only for a complete run, as TLC gives it, and only when `mayAllocate` allows.
   */
  figures(generated: number, complete: boolean, mayAllocate: (bytes: number) => boolean = () => true): StoreFigures {
    const gap = complete && mayAllocate(this.count * 8) ? this.visited.smallestGap() : undefined;
    return {
      fingerprintCollisionProbability: optimisticCollisionProbability(this.count, generated),
      fingerprintCollisionProbabilityObserved: gap === undefined ? undefined : observedCollisionProbability(gap),
      storeBytes: this.byteLength,
    };
  }

  /**
   * The path to state `id`, re-executed from its initial state: at each step the actions of
   * the current state are enumerated again and the recorded one is taken. Every state rebuilt
   * must have a stored fingerprint; otherwise the model is not deterministic and this throws.
   */
  trace(model: Model<S, A>, id: number): Trace<S, A> {
    const positions: number[] = [];
    let at = id;
    while (this.parentOf(at) >= 0) {
      positions.push(this.actionIndexOf(at));
      at = this.parentOf(at);
    }
    positions.reverse();
    const start = model.initialStates()[this.actionIndexOf(at)];
    if (start === undefined || !this.has(stateFingerprint(model, start))) throw new Error(`re-execution failed: initial state ${this.actionIndexOf(at)} is not the one explored`);
    const states: S[] = [start];
    const actions: A[] = [];
    let state = start;
    for (const position of positions) {
      const action = model.actions(state)[position];
      const next = action === undefined ? undefined : model.nextState(state, action);
      if (action === undefined || next === undefined || !this.has(stateFingerprint(model, next))) {
        throw new Error(`re-execution failed at step ${states.length}: action ${position} of the state does not lead to an explored state (is the model deterministic?)`);
      }
      actions.push(action);
      states.push(next);
      state = next;
    }
    return { states, actions };
  }

  /** The path to state `id` followed by one more step. */
  traceThrough(model: Model<S, A>, id: number, action: A): Trace<S, A> {
    const base = this.trace(model, id);
    const next = model.nextState(base.states[base.states.length - 1], action);
    if (next === undefined) throw new Error(`re-execution failed at step ${base.states.length}: ${model.describeAction(action)} is not enabled`);
    return { states: [...base.states, next], actions: [...base.actions, action] };
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
