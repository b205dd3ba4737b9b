import { majority, minority } from './ballots.ts';

/**
 * The decisions a variant may change, as plain functions the statecharts call through named
 * guards and actions. The default rules are Lamport's; each broken variant swaps exactly one.
 */
export interface PaxosRules {
  readonly proposers: number;
  readonly maxBallot: number;
  /** Promises a proposer waits for before it sends Accept. */
  readonly proposerQuorum: number;
  /** Votes for one (ballot, value) a learner waits for before it learns the value. */
  readonly learnerQuorum: number;
  /** May an acceptor that promised `promised` promise `bal`? */
  readonly mayPromise: (bal: number, promised: number) => boolean;
  /** May an acceptor that promised `promised` accept a proposal of ballot `bal`? */
  readonly mayAccept: (bal: number, promised: number) => boolean;
  /** The value a proposer asks acceptors to accept, given the promises it collected. */
  readonly chooseValue: (promises: readonly PromiseRecord[], own: string) => string | null;
}

/** What a proposer keeps of one Promise: who sent it and the sender's last vote. */
export interface PromiseRecord {
  readonly acceptor: string;
  readonly mbal: number;
  readonly mval: string | null;
}

export type RuleVariant = 'default' | 'accept-below-promise' | 'ignore-accepted-value' | 'minority-quorum' | 'learner-minority' | 'adopt-empty-promise';

/**
 * The promise with the highest ballot among those that report a vote, else undefined.
 * Example: promises (a1, -1, null) and (a2, 0, 'v2') give the one from a2.
 */
export function highestVote(promises: readonly PromiseRecord[]): PromiseRecord | undefined {
  let best: PromiseRecord | undefined;
  for (const p of promises) if (p.mbal >= 0 && (best === undefined || p.mbal > best.mbal)) best = p;
  return best;
}

/**
 * Lamport's rule (P2c): propose the value of the highest-numbered proposal any promise
 * reports, or the proposer's own value when none reports one.
 * Example: promises (a1, -1, null) and (a2, 0, 'v2') give 'v2'.
 */
export function safeValue(promises: readonly PromiseRecord[], own: string): string | null {
  const best = highestVote(promises);
  return best === undefined ? own : best.mval;
}

/**
 * The rules of a variant of the default model.
 * Example: `rulesFor('minority-quorum', { proposers: 2, acceptors: 3, maxBallot: 1 }).proposerQuorum === 1`.
 */
export function rulesFor(variant: RuleVariant, sizes: { proposers: number; acceptors: number; maxBallot: number }): PaxosRules {
  const lamport: PaxosRules = {
    proposers: sizes.proposers,
    maxBallot: sizes.maxBallot,
    proposerQuorum: majority(sizes.acceptors),
    learnerQuorum: majority(sizes.acceptors),
    mayPromise: (bal, promised) => bal > promised,
    mayAccept: (bal, promised) => bal >= promised,
    chooseValue: safeValue,
  };
  switch (variant) {
    case 'default':
      return lamport;
    case 'accept-below-promise':
      // The acceptor forgets to compare with its promise.
      return { ...lamport, mayAccept: () => true };
    case 'ignore-accepted-value':
      // The proposer never adopts a reported vote.
      return { ...lamport, chooseValue: (_promises, own) => own };
    case 'minority-quorum':
      return { ...lamport, proposerQuorum: minority(sizes.acceptors) };
    case 'learner-minority':
      return { ...lamport, learnerQuorum: minority(sizes.acceptors) };
    case 'adopt-empty-promise':
      // The proposer takes the value of the highest-ballot promise even when no promise
      // reports a vote, so it proposes "no value" (null) instead of its client's.
      return {
        ...lamport,
        chooseValue: (promises) => promises.reduce((best, p) => (p.mbal > best.mbal ? p : best), promises[0]).mval,
      };
  }
}
