import type { ClusterAction, ClusterState } from '../../system/cluster.ts';
import type { ModelRecipe } from './recipe.ts';
import type { SharedTableBuffers } from './shared-table.ts';

/** The messages between the coordinator of a parallel search and its workers. */

/**
 * Int32 words per worker in the shared control buffer, one cache line each: [0] a steal
 * request (-1: closed, the worker is not expanding; 0: open; n > 0: hand over n states),
 * [1] the states the worker has left in the current level, as it last published.
 */
export const CONTROL_WORDS = 16;

/** One frontier entry: an actual state (never a representative) and its slot in the shared table. */
export interface FrontierEntry {
  readonly state: ClusterState;
  slot: number;
}

export type ToWorker =
  /** `control`: the steal words of every worker; this one's are at `index` (see CONTROL_WORDS). */
  | { readonly kind: 'init'; readonly recipe: ModelRecipe; readonly table: SharedTableBuffers; readonly control: SharedArrayBuffer; readonly index: number; readonly maxStates?: number }
  /** Expand the current level from where the worker stopped (a pause resumes), serving steal requests every `every` states. */
  | { readonly kind: 'expand'; readonly checkDeadlock: boolean; readonly every: number }
  /** The table grew: use these buffers, renumbering frontier slots by `moved`. */
  | { readonly kind: 'table'; readonly table: SharedTableBuffers; readonly moved: SharedArrayBuffer }
  /** The level is done: the next frontier becomes the current one. */
  | { readonly kind: 'advance' }
  /** Add states to the current level; answered with the number of states left to expand. */
  | { readonly kind: 'give'; readonly entries: readonly FrontierEntry[] }
  /** Does any state of the current frontier have a successor (for --max-depth)? */
  | { readonly kind: 'probe' }
  | { readonly kind: 'witnesses' };

/** A violation a worker found; the coordinator rebuilds the trace from the table. */
export interface FoundViolation {
  readonly property: string;
  readonly kind: 'invariant' | 'action' | 'deadlock';
  /** The slot of the state the step starts from (for a deadlock, the state itself). */
  readonly fromSlot: number;
  /** The position of the step's action in `model.actions(state)`; -1 for a deadlock. */
  readonly position: number;
}

export type FromWorker =
  | { readonly kind: 'ready' }
  /** `left`: states of the current level still to expand. */
  | { readonly kind: 'expanded'; readonly paused: boolean; readonly generated: number; readonly left: number; readonly violation?: FoundViolation }
  | { readonly kind: 'size'; readonly size: number }
  /** Unasked: the answer to a steal request made through the control words, sent mid-expansion. */
  | { readonly kind: 'stolen'; readonly entries: readonly FrontierEntry[] }
  | { readonly kind: 'probed'; readonly hasSuccessor: boolean }
  | { readonly kind: 'witnessed'; readonly reached: Readonly<Record<string, boolean>> }
  | { readonly kind: 'failed'; readonly message: string };

export type { ClusterAction };
