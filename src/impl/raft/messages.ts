/**
 * Raft's RPCs as messages, under the field names of the paper's Figure 2. Every message
 * carries `from` and `to`; a result is a message of its own (the cores never block on a
 * reply), so it also carries what the requester needs to match it with its request.
 */

/** One log entry. Its index is its position in the log (1-based), not stored in it. */
export interface Entry {
  readonly term: number;
  readonly value: string;
}

/** An entry together with its index, as handed out for persisting and applying. */
export interface IndexedEntry extends Entry {
  readonly index: number;
}

export interface RequestVote {
  readonly type: 'RequestVote';
  readonly from: string;
  readonly to: string;
  readonly term: number;
  readonly candidateId: string;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
}

export interface RequestVoteResult {
  readonly type: 'RequestVoteResult';
  readonly from: string;
  readonly to: string;
  readonly term: number;
  readonly voteGranted: boolean;
}

export interface AppendEntries {
  readonly type: 'AppendEntries';
  readonly from: string;
  readonly to: string;
  readonly term: number;
  readonly leaderId: string;
  readonly prevLogIndex: number;
  readonly prevLogTerm: number;
  readonly entries: readonly Entry[];
  readonly leaderCommit: number;
}

export interface AppendEntriesResult {
  readonly type: 'AppendEntriesResult';
  readonly from: string;
  readonly to: string;
  readonly term: number;
  readonly success: boolean;
  /**
   * On success, the index of the last entry known to match the leader's log
   * (prevLogIndex + entries.length), as raft.tla's mmatchIndex; 0 on failure.
   */
  readonly matchIndex: number;
  /**
   * The request's prevLogIndex. With reordering and duplication a leader must not decrement
   * nextIndex for a stale rejection; this tells it which probe failed.
   */
  readonly prevLogIndex: number;
}

export type RaftMessage = RequestVote | RequestVoteResult | AppendEntries | AppendEntriesResult;

/**
 * A one-line description of a message, for transcripts and error messages.
 *
 * Example: `describeMessage(m)` gives `n1->n2 RequestVote term=1 lastLogIndex=0 lastLogTerm=0`.
 */
export function describeMessage(m: RaftMessage): string {
  const head = `${m.from}->${m.to} ${m.type} term=${m.term}`;
  switch (m.type) {
    case 'RequestVote':
      return `${head} lastLogIndex=${m.lastLogIndex} lastLogTerm=${m.lastLogTerm}`;
    case 'RequestVoteResult':
      return `${head} voteGranted=${m.voteGranted}`;
    case 'AppendEntries': {
      const entries = m.entries.map((e) => `${e.term}:${e.value}`).join(',');
      return `${head} prev=${m.prevLogIndex}/${m.prevLogTerm} entries=[${entries}] commit=${m.leaderCommit}`;
    }
    case 'AppendEntriesResult':
      return `${head} success=${m.success} matchIndex=${m.matchIndex}`;
  }
}
