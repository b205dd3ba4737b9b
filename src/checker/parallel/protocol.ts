import type { MessagePort } from 'node:worker_threads';
import type { ClusterAction, ClusterState } from '../../system/cluster.ts';
import type { ModelRecipe } from './recipe.ts';
import type { SharedTableBuffers } from './shared-table.ts';

/** The messages between the coordinator of a parallel search and its workers. */

/**
 * Int32 words per worker in the shared control buffer, one cache line each: [0] a steal
 * request (-1: closed, the worker is not expanding; 0: open; > 0: `stealRequest`, hand
 * states over to another worker), [1] the states the worker has left in the current level,
 * as it last published, [2] its JavaScript heap in use and [3] that heap's ceiling, in MB
 * (for the memory limit: the coordinator cannot read another thread's heap).
 */
export const CONTROL_WORDS = 16;
export const REQUEST = 0;
export const LEFT = 1;
export const HEAP_MB = 2;
export const HEAP_LIMIT_MB = 3;

/** The most workers a steal request can name (the thief's number takes the low 8 bits). */
export const MAX_WORKERS = 256;

/**
 * A steal request as one word, so that the coordinator can post it with a single
 * compareExchange: `count` states (1 to 2^22; never 0, which would read as no request) for
 * worker `thief`.
 */
export function stealRequest(count: number, thief: number): number {
  return Math.min(Math.max(1, count), 1 << 22) * MAX_WORKERS + thief;
}

/** The states and the thief a steal request (> 0) asks for. */
export function readStealRequest(request: number): { readonly count: number; readonly thief: number } {
  return { count: Math.floor(request / MAX_WORKERS), thief: request % MAX_WORKERS };
}

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
  /**
   * A steal for this worker was posted to another worker: wait for the states it sends
   * (through the peer port), then expand as `expand` does. Answered with `expanded`.
   */
  | { readonly kind: 'receive'; readonly checkDeadlock: boolean; readonly every: number }
  /** One port per other worker (null at this worker's own index), over which states are stolen. */
  | { readonly kind: 'peers'; readonly ports: readonly (MessagePort | null)[] }
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
  /** `left`: states of the current level still to expand; `received`: states stolen for it first (after `receive`). */
  | { readonly kind: 'expanded'; readonly paused: boolean; readonly generated: number; readonly left: number; readonly received?: number; readonly violation?: FoundViolation }
  | { readonly kind: 'size'; readonly size: number }
  | { readonly kind: 'probed'; readonly hasSuccessor: boolean }
  | { readonly kind: 'witnessed'; readonly reached: Readonly<Record<string, boolean>> }
  | { readonly kind: 'failed'; readonly message: string };

/** What one worker sends another over their peer port: the states stolen from it. */
export interface StolenStates {
  readonly entries: readonly FrontierEntry[];
}

export type { ClusterAction };
