import { majority } from '../paxos/ballots.ts';
import { NOOP, type Entry, type SlotVote } from './messages.ts';

/**
 * The arithmetic of Multi-Paxos and the decisions a broken variant changes, kept out of the
 * statecharts (which call them through named guards and actions).
 */
export type MultiPaxosVariant = 'default' | 'skip-phase1-on-takeover' | 'no-noop-fill' | 'per-slot-ballot-reset' | 'adopt-empty-slot' | 'learner-minority';

export interface MultiPaxosRules {
  readonly leaders: number;
  readonly maxBallot: number;
  readonly slots: number;
  readonly acceptors: number;
  /** Votes for one (slot, ballot, value) a learner waits for. */
  readonly learnerQuorum: number;
  /** Does a leader taking `ballot` go straight to leading, without Phase 1? */
  readonly skipsPhase1: (ballot: number) => boolean;
  /** The entries a new leader re-proposes after Phase 1, given its promises' votes. */
  readonly reproposals: (votes: readonly SlotVote[]) => Entry[];
  /** May an acceptor that promised `promised` and holds `votes` accept `bal` in `slot`? */
  readonly mayAccept: (bal: number, slot: number, promised: number, votes: readonly SlotVote[]) => boolean;
}


/** The client command a leader of `ballot` proposes as new in `slot`. Example: `command(1, 0) === 'c1.0'`. */
export function command(ballot: number, slot: number): string {
  return `c${ballot}.${slot}`;
}

/**
 * The highest-ballot vote reported for each slot, sorted by slot.
 * Example: votes (slot 0, bal 0, 'c0.0') and (slot 0, bal 1, 'c1.0') give [(0, 1, 'c1.0')].
 */
export function highestVotes(votes: readonly SlotVote[]): SlotVote[] {
  const best = new Map<number, SlotVote>();
  for (const v of votes) {
    const seen = best.get(v.slot);
    if (seen === undefined || v.bal > seen.bal) best.set(v.slot, v);
  }
  return [...best.values()].sort((x, y) => x.slot - y.slot);
}

/**
 * The re-proposals of a new leader: for every slot up to the highest any promise reports,
 * the value of the highest-ballot vote reported there, or `noop` for a gap (a slot no promise
 * reports). `fillGap` says what a gap gets (undefined: left empty).
 * Example: only slot 1 reported with 'c0.1' gives [(0, 'noop'), (1, 'c0.1')].
 */
export function reproposalsWith(votes: readonly SlotVote[], fillGap: (() => string | null) | undefined): Entry[] {
  const best = highestVotes(votes);
  if (best.length === 0) return [];
  const out: Entry[] = [];
  for (let slot = 0; slot <= best[best.length - 1].slot; slot++) {
    const vote = best.find((v) => v.slot === slot);
    if (vote) out.push({ slot, val: vote.val });
    else if (fillGap) out.push({ slot, val: fillGap() });
  }
  return out;
}

/** The first slot a leader may use for a new command: one past the highest slot any promise reports. Example: reports in slot 1 give 2. */
export function firstFreeSlot(votes: readonly SlotVote[]): number {
  return votes.reduce((max, v) => Math.max(max, v.slot + 1), 0);
}

/** The rules of a variant. Example: `rulesFor('default', { leaders: 2, maxBallot: 1, slots: 2, acceptors: 3 })`. */
export function rulesFor(variant: MultiPaxosVariant, sizes: { leaders: number; maxBallot: number; slots: number; acceptors: number }): MultiPaxosRules {
  const lamport: MultiPaxosRules = {
    ...sizes,
    learnerQuorum: majority(sizes.acceptors),
    skipsPhase1: () => false,
    reproposals: (votes) => reproposalsWith(votes, () => NOOP),
    // One promise covers every slot, including those the acceptor has not heard of yet.
    mayAccept: (bal, _slot, promised) => bal >= promised,
  };
  switch (variant) {
    case 'default':
      return lamport;
    case 'skip-phase1-on-takeover':
      // Any ballot after the first is a takeover; the new leader proposes without Phase 1.
      return { ...lamport, skipsPhase1: (ballot) => ballot > 0 };
    case 'no-noop-fill':
      return { ...lamport, reproposals: (votes) => reproposalsWith(votes, undefined) };
    case 'per-slot-ballot-reset':
      // The acceptor compares an Accept only with the ballot of its own vote in that slot, as
      // if ballots started afresh in every slot: a promise no longer covers slots it has not seen.
      return { ...lamport, mayAccept: (bal, slot, _promised, votes) => bal >= (votes.find((v) => v.slot === slot)?.bal ?? -1) };
    case 'adopt-empty-slot':
      // A gap gets "the value reported for it", which is nothing.
      return { ...lamport, reproposals: (votes) => reproposalsWith(votes, () => null) };
    case 'learner-minority':
      return { ...lamport, learnerQuorum: Math.max(1, Math.floor(sizes.acceptors / 2)) };
  }
}
