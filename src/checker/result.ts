import { rate } from './clock.ts';
import type { Params } from '../model/model.ts';

/** A path from an initial state: `actions[i]` leads from `states[i]` to `states[i + 1]`. */
export interface Trace<S, A> {
  readonly states: readonly S[];
  readonly actions: readonly A[];
}

export interface Violation<S, A> {
  /** The property broken, or `Deadlock`. */
  readonly property: string;
  readonly kind: 'invariant' | 'action' | 'deadlock';
  /** Steps from the initial state to the violating state (the trace has depth + 1 states). */
  readonly depth: number;
  readonly trace: Trace<S, A>;
}

export type Outcome = 'ok' | 'violation' | 'incomplete';

export interface CheckResult<S, A> {
  readonly protocol: string;
  readonly variant: string;
  readonly params: Params;
  readonly strategy: Strategy;
  readonly result: Outcome;
  /** Why a run is incomplete: the limit that cut it. */
  readonly incompleteReason?: string;
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly maxDepth: number;
  readonly durationMs: number;
  readonly statesPerSecond: number;
  readonly properties: readonly string[];
  readonly witnesses: Readonly<Record<string, boolean>>;
  readonly violation?: Violation<S, A>;
  /** The seed of a simulation run. */
  readonly seed?: number;
  /** Runs completed by a simulation. */
  readonly runs?: number;
  /**
   * TLC's "calculated (optimistic)" estimate of the probability that two distinct states
   * shared a 64-bit fingerprint, so that one was never explored: distinct * (generated -
   * distinct) / 2^64.
   */
  readonly fingerprintCollisionProbability?: number;
  /**
   * TLC's estimate "based on the actual fingerprints": 1 / the smallest difference between
   * two stored fingerprints. Given when a run completes without a violation, as TLC does.
   */
  readonly fingerprintCollisionProbabilityObserved?: number;
  /** Bytes held by the visited store (fingerprint table, parent links, action indices). */
  readonly storeBytes?: number;
}

export type Strategy = 'bfs' | 'dfs' | 'simulate';

export interface Progress {
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly queue: number;
  readonly depth: number;
  readonly elapsedMs: number;
  readonly statesPerSecond: number;
}

export interface CheckOptions {
  /** Stop (incomplete) once this many distinct states are found. */
  readonly maxStates?: number;
  /** Do not expand states deeper than this (incomplete when that cuts anything). */
  readonly maxDepth?: number;
  readonly timeLimitMs?: number;
  /**
   * Stop (incomplete) once the run's memory, JavaScript heap in use plus external memory
   * (typed arrays included), reaches this many MB.
   */
  readonly memoryLimitMb?: number;
  /** Report a state with no successor at all as a violation named `Deadlock`. */
  readonly checkDeadlock?: boolean;
  /** Called about once a second. */
  readonly onProgress?: (progress: Progress) => void;
  readonly progressIntervalMs?: number;
}

export interface SimulateOptions extends CheckOptions {
  readonly seed: number;
  readonly runs: number;
  /** Steps per run. */
  readonly depth: number;
}

/** What every exhaustive search knows at its end; `searchResult` turns it into a CheckResult. */
export interface SearchOutcome<S, A> {
  readonly strategy: Strategy;
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly maxDepth: number;
  readonly durationMs: number;
  readonly witnesses: Readonly<Record<string, boolean>>;
  readonly violation?: Violation<S, A>;
  readonly incompleteReason?: string;
}

/**
 * The result record BFS, DFS and parallel BFS share: a violation wins over a limit, and a
 * limit over "ok". Example: `searchResult(model, { strategy: 'bfs', ... }, graph.figures(...))`.
 */
export function searchResult<S, A>(
  model: { readonly protocol: string; readonly variant: string; readonly params: Params },
  properties: readonly string[],
  outcome: SearchOutcome<S, A>,
  store: Partial<CheckResult<S, A>> = {},
): CheckResult<S, A> {
  const { violation, incompleteReason, durationMs, distinctStates } = outcome;
  return {
    protocol: model.protocol,
    variant: model.variant,
    params: model.params,
    strategy: outcome.strategy,
    result: violation ? 'violation' : incompleteReason ? 'incomplete' : 'ok',
    incompleteReason: violation ? undefined : incompleteReason,
    distinctStates,
    statesGenerated: outcome.statesGenerated,
    maxDepth: violation && violation.depth > outcome.maxDepth ? violation.depth : outcome.maxDepth,
    durationMs: Math.round(durationMs),
    statesPerSecond: rate(distinctStates, durationMs),
    properties,
    witnesses: outcome.witnesses,
    violation,
    ...store,
  };
}
