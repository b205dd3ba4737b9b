import { containsQuorum, type QuorumSystem } from '../../src/quorum/system.ts';

/**
 * What a proposer decides, as plain functions its named guards and actions call. The default
 * rules are those of Flexible Paxos; each broken variant changes one.
 */
export interface FPaxosRules {
  readonly proposers: number;
  readonly maxBallot: number;
  /** Distinct client values: ballot b proposes v((b mod values) + 1) when free to choose. */
  readonly values: number;
  /** Do the acceptors that promised form a Phase 1 quorum? */
  readonly isPhase1Quorum: (promisers: readonly string[]) => boolean;
  /** The value to send in Accept, given the promises collected and the proposer's own value. */
  readonly chooseValue: (promises: readonly PromiseRecord[], own: string) => string | null;
}

/** What a proposer keeps of one Promise: who sent it and the sender's last vote. */
export interface PromiseRecord {
  readonly acceptor: string;
  readonly mbal: number;
  readonly mval: string | null;
}

export type FPaxosVariant = 'default' | 'non-intersecting' | 'adopt-empty-promise';


/**
 * The value a client asks ballot `ballot` to propose: v((ballot mod values) + 1). Giving each
 * ballot its own request lets one proposer with two ballots, or two proposers, disagree.
 * Example: `clientValue(1, 2) === 'v2'`.
 */
export function clientValue(ballot: number, values: number): string {
  return `v${(ballot % values) + 1}`;
}

/**
 * The value of the highest-ballot vote any promise reports, else `own` (Paxos's P2c, which
 * Flexible Paxos keeps unchanged). Example: promises (a1, -1, null), (a2, 0, 'v2') give 'v2'.
 */
export function safeValue(promises: readonly PromiseRecord[], own: string): string | null {
  let best: PromiseRecord | undefined;
  for (const p of promises) if (p.mbal >= 0 && (best === undefined || p.mbal > best.mbal)) best = p;
  return best === undefined ? own : best.mval;
}

/**
 * The rules of a variant over a quorum system. `non-intersecting` has the default rules: it
 * differs only in its quorum sizes (see index.ts), which is the point.
 * Example: `rulesFor('default', sizeQuorums(ids, 2, 3), { proposers: 2, maxBallot: 1, values: 2 })`.
 */
export function rulesFor(variant: FPaxosVariant, quorums: QuorumSystem, bounds: { proposers: number; maxBallot: number; values: number }): FPaxosRules {
  const flexible: FPaxosRules = {
    ...bounds,
    isPhase1Quorum: (promisers) => containsQuorum(promisers, quorums.phase1),
    chooseValue: safeValue,
  };
  switch (variant) {
    case 'default':
    case 'non-intersecting':
      return flexible;
    case 'adopt-empty-promise':
      // Takes the value of the highest-ballot promise even when none reports a vote: "no value".
      return { ...flexible, chooseValue: (promises) => promises.reduce((best, p) => (p.mbal > best.mbal ? p : best), promises[0]).mval };
  }
}
