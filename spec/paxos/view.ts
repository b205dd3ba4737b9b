/**
 * What Paxos's properties read of a state, whatever model produced it. The default model
 * (Lamport, "Paxos Made Simple") and the Paxos.tla mirror store their state differently; each
 * maps it to this view (models/paxos/view.ts), so the properties in properties.ts are written
 * once.
 */

/** One vote: acceptor `acceptor` accepted `value` in ballot `ballot` (a 2b / Accepted message). */
export interface PaxosVote {
  readonly acceptor: string;
  readonly ballot: number;
  /** null is "no value": only a broken proposer ever asks acceptors to accept it. */
  readonly value: string | null;
}

export interface PaxosView {
  /** Every acceptor id: a majority of these is a quorum for "chosen". */
  readonly acceptors: readonly string[];
  /** Every vote ever cast, in any order. */
  readonly votes: readonly PaxosVote[];
  /** The values some proposer has proposed so far (a client's request). */
  readonly proposed: readonly string[];
  /** What each learner that has learned a value learned, one entry per such learner. */
  readonly learned: readonly (string | null)[];
}
