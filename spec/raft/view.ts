/**
 * What Raft's properties read of a server, whatever model produced it: the paper's state
 * (Figure 2) under the paper's names. Each Raft model (the paper's rules, the raft.tla mirror,
 * the broken variants) maps its node contexts to this view, so the properties of
 * spec/raft are written once.
 */
export type RaftRole = 'follower' | 'candidate' | 'leader';

export interface RaftEntry {
  readonly term: number;
  readonly value: string;
}

export interface RaftServerView {
  readonly id: string;
  readonly role: RaftRole;
  readonly currentTerm: number;
  readonly votedFor: string | null;
  /** log[0] is the entry at index 1. */
  readonly log: readonly RaftEntry[];
  readonly commitIndex: number;
  /** False while the server is crashed (only when crashes are separate steps). */
  readonly up: boolean;
}

/** An AppendEntries request in flight, under the paper's field names. */
export interface RaftAppendEntriesView {
  readonly from: string;
  readonly to: string;
  readonly term: number;
  readonly prevLogIndex: number;
  readonly prevLogTerm: number;
  readonly entries: readonly RaftEntry[];
  readonly leaderCommit: number;
}

export interface RaftView {
  readonly servers: readonly RaftServerView[];
  /**
   * The AppendEntries requests in flight. Only the witness ConflictingEntryOverwritten reads
   * them; a model that leaves this out never reaches that witness.
   */
  readonly appendEntriesInFlight?: readonly RaftAppendEntriesView[];
}
