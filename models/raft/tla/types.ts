/**
 * The state and messages of the raft.tla mirror, under raft.tla's names (messages drop the
 * `m` prefix of their fields: `mterm` is `term`, `msource`/`mdest` are `from`/`to`).
 */

/** One log entry: raft.tla's `[term |-> t, value |-> v]`. */
export interface Entry {
  readonly term: number;
  readonly value: string;
}

/**
 * The per-server variables of raft.tla for one server, without the history variables
 * (voterLog). The server's `state` (Follower, Candidate, Leader) is the statechart's state.
 */
export interface ServerContext {
  /** The server's own id (raft.tla's `i`): needed to address replies and to count itself. */
  readonly id: string;
  readonly currentTerm: number;
  /** Nil is null. */
  readonly votedFor: string | null;
  /** log[0] is the entry at index 1. */
  readonly log: readonly Entry[];
  readonly commitIndex: number;
  /** Sets as sorted arrays of server ids. */
  readonly votesResponded: readonly string[];
  readonly votesGranted: readonly string[];
  /** By server id, every server of the cluster (raft.tla keeps nextIndex[i][i] too). */
  readonly nextIndex: Readonly<Record<string, number>>;
  readonly matchIndex: Readonly<Record<string, number>>;
}

/** What a server is created with: its id and the cluster (raft.tla's constant Server). */
export interface ServerInput {
  readonly id: string;
  readonly servers: readonly string[];
}

export interface RequestVoteRequest {
  readonly type: 'RequestVoteRequest';
  readonly from: string;
  readonly to: string;
  readonly term: number;
  readonly lastLogTerm: number;
  readonly lastLogIndex: number;
}

export interface RequestVoteResponse {
  readonly type: 'RequestVoteResponse';
  readonly from: string;
  readonly to: string;
  readonly term: number;
  readonly voteGranted: boolean;
}

export interface AppendEntriesRequest {
  readonly type: 'AppendEntriesRequest';
  readonly from: string;
  readonly to: string;
  readonly term: number;
  readonly prevLogIndex: number;
  readonly prevLogTerm: number;
  /** Zero or one entry, as raft.tla sends. */
  readonly entries: readonly Entry[];
  readonly commitIndex: number;
}

export interface AppendEntriesResponse {
  readonly type: 'AppendEntriesResponse';
  readonly from: string;
  readonly to: string;
  readonly term: number;
  readonly success: boolean;
  readonly matchIndex: number;
}

export type RaftTlaMessage = RequestVoteRequest | RequestVoteResponse | AppendEntriesRequest | AppendEntriesResponse;

/** The server-local actions of raft.tla's Next, one event per action instance. */
export type LocalEvent =
  | { readonly type: 'Timeout' }
  | { readonly type: 'RequestVote'; readonly peer: string }
  | { readonly type: 'BecomeLeader' }
  | { readonly type: 'ClientRequest'; readonly value: string }
  | { readonly type: 'AdvanceCommitIndex' }
  | { readonly type: 'AppendEntries'; readonly peer: string };

export type ServerEvent = LocalEvent | RaftTlaMessage;
