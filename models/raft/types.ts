import type { RaftEntry } from '../../spec/raft/view.ts';

/**
 * The data of one Raft server and of the messages between servers, as in the Raft paper's
 * Figure 2. Indices are 1-based as in the paper: `log[0]` holds the entry at index 1, and
 * index 0 stands for "before the first entry" (term 0).
 */

export type Entry = RaftEntry;

export interface ServerInput {
  readonly id: string;
  /** Every server of the cluster, sorted; fixed for the whole run. */
  readonly servers: readonly string[];
}

export interface ServerContext {
  // Constant for the run: who this server is and who its peers are.
  readonly id: string;
  readonly servers: readonly string[];
  // Persistent state on all servers (survives a crash and restart).
  readonly currentTerm: number;
  readonly votedFor: string | null;
  readonly log: readonly Entry[];
  // Volatile state on all servers.
  readonly commitIndex: number;
  // Volatile state of a candidate: who granted it a vote in its current term (sorted).
  readonly votesGranted: readonly string[];
  // Volatile state of a leader, by peer id; empty when not leader.
  readonly nextIndex: Readonly<Record<string, number>>;
  readonly matchIndex: Readonly<Record<string, number>>;
}

/** Persistent fields, restored after a crash and restart (Figure 2, "Persistent state on all servers"). */
export const PERSISTENT_FIELDS = ['currentTerm', 'votedFor', 'log'] as const;

export interface RequestVote {
  readonly type: 'RequestVote';
  readonly from: string;
  readonly to: string;
  readonly term: number;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
}

export interface RequestVoteResponse {
  readonly type: 'RequestVoteResponse';
  readonly from: string;
  readonly to: string;
  readonly term: number;
  readonly voteGranted: boolean;
}

/** Carries no entry (a heartbeat) or exactly one, the one at `prevLogIndex + 1`, as raft.tla does. */
export interface AppendEntries {
  readonly type: 'AppendEntries';
  readonly from: string;
  readonly to: string;
  readonly term: number;
  readonly prevLogIndex: number;
  readonly prevLogTerm: number;
  readonly entries: readonly Entry[];
  readonly leaderCommit: number;
}

export interface AppendEntriesResponse {
  readonly type: 'AppendEntriesResponse';
  readonly from: string;
  readonly to: string;
  readonly term: number;
  readonly success: boolean;
  /** On success, the index of the last entry the request made the follower hold. */
  readonly matchIndex: number;
}

export type RaftMessage = RequestVote | RequestVoteResponse | AppendEntries | AppendEntriesResponse;

/** Local events: a server's election timer fires; a client asks the leader to store a value; a leader sends to one peer. */
export type LocalEvent =
  | { readonly type: 'Timeout' }
  | { readonly type: 'ClientRequest'; readonly value: string }
  | { readonly type: 'SendAppendEntries'; readonly to: string };

export type ServerEvent = RaftMessage | LocalEvent;

/**
 * The rules that differ between the paper's Raft and the broken variants. The default set is
 * the paper's; each variant changes one or a few of these (see rules.ts).
 */
export interface RaftRules {
  /** §5.4.1: grant a vote only to a candidate whose log is at least as up to date. */
  readonly voteChecksLog: boolean;
  /** §5.4.2: a leader commits by counting replicas only entries of its current term. */
  readonly commitOnlyCurrentTerm: boolean;
  /** Figure 2, "Rules for all servers": a message with a newer term makes the receiver adopt it and follow. */
  readonly stepDownOnNewerTerm: boolean;
  /** Whether a voter adopts the newer term of a RequestVote (the design article's voter never does). */
  readonly voterAdoptsTerm: boolean;
  /** Whether AppendEntries makes its receiver adopt the leader's term and follow it (the article's handler touches neither). */
  readonly appendEntriesFollowsLeader: boolean;
  /** `majority`: votes * 2 > servers. `half-of-peers`: votes > (servers - 1) / 2, self-vote counted. */
  readonly quorum: 'majority' | 'half-of-peers';
  /** `last-new-entry`: the paper's min(leaderCommit, index of last new entry). `last-log-index`: min(leaderCommit, last index of the whole log). */
  readonly followerCommit: 'last-new-entry' | 'last-log-index';
  /** `reported`: matchIndex from the follower's reply. `own-log-length`: the leader assumes the follower now holds its whole log. */
  readonly leaderMatch: 'reported' | 'own-log-length';
  /** Figure 2, AppendEntries receiver step 2: the entry at prevLogIndex must have term prevLogTerm, not merely exist. */
  readonly followerChecksPrevTerm: boolean;
  /** Whether a follower that replies false to AppendEntries stops there (the paper) or still runs step 5 and takes leaderCommit. */
  readonly followerCommitsOnRefusal: boolean;
  /** `end-of-log`: a leader appends a client's value (§5.3). `after-commit`: it writes it right after its commitIndex, over its uncommitted tail. */
  readonly clientEntryAt: 'end-of-log' | 'after-commit';
}
