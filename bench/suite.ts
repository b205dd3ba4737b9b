import type { ModelRecipe } from '../src/checker/parallel/recipe.ts';

/**
 * The fixed benchmark suite: each configuration is run with 1 and 2 workers, with and
 * without symmetry reduction, and once through the naive baseline.
 */
export interface BenchConfig {
  /** A short name, printed in the table. */
  readonly name: string;
  readonly recipe: Extract<ModelRecipe, { protocol: string }>;
  /** Left out of `--quick`. */
  readonly slow?: boolean;
  /**
   * Each run of this configuration stops here (result incomplete, its rate still measured);
   * such a row is sampled once, its rate already averaged over minutes.
   */
  readonly timeLimitMs?: number;
  /**
   * Also measure what this machine gives two threads: two independent one-worker runs side by
   * side against one alone (the ceiling for the 2-worker speed-up).
   */
  readonly sideBySide?: boolean;
}

const raftTla = { values: 1, maxTerm: 2, maxLogLength: 1, maxCopies: 1, maxInFlight: 2 };

export const suite: readonly BenchConfig[] = [
  { name: 'paxos default', recipe: { protocol: 'paxos' } },
  { name: 'paxos tla a=3 v=2 b=2', recipe: { protocol: 'paxos', variant: 'tla', params: { acceptors: 3, values: 2, maxBallot: 2 } } },
  { name: 'raft default', recipe: { protocol: 'raft' } },
  { name: 'raft tla s=2', recipe: { protocol: 'raft', variant: 'tla', params: { servers: 2, ...raftTla } } },
  // Too large to finish without symmetry (more than 14 million distinct states): measured over two minutes.
  { name: 'raft tla s=3', recipe: { protocol: 'raft', variant: 'tla', params: { servers: 3, ...raftTla } }, slow: true, timeLimitMs: 120_000 },
  // The larger configuration, about a minute with one worker: 6,975,743 distinct states in 74 s
  // here (maxTerm=3 alone, 857,580 states, took 8 s once the engine was fast; maxTerm=4 with
  // one value 3.0 million in 31 s; maxTerm=3 with maxInFlight=3 passes 9.8 million in 100 s).
  { name: 'raft default t=4 v=2', recipe: { protocol: 'raft', params: { servers: 3, maxTerm: 4, values: 2 } }, slow: true, sideBySide: true },
];
