import type { AppendEntriesRequest, Entry, RequestVoteRequest, ServerContext } from './types.ts';

/**
 * The arithmetic of raft.tla, kept out of the statechart: each function is one LET or
 * helper operator of the spec, over one server's variables.
 */

/** raft.tla's LastTerm: the term of the last entry, 0 for an empty log. Example: `lastTerm([{term: 2, value: 'v1'}]) === 2`. */
export function lastTerm(log: readonly Entry[]): number {
  return log.length === 0 ? 0 : log[log.length - 1].term;
}

/** raft.tla's Quorum membership: a strict majority of the cluster. Example: `isQuorum(['s1', 's2'], 3) === true`. */
export function isQuorum(members: readonly string[], clusterSize: number): boolean {
  return members.length * 2 > clusterSize;
}

/** Adds `id` to a set kept as a sorted array. Example: `withMember(['s1', 's3'], 's2')` is `['s1', 's2', 's3']`. */
export function withMember(set: readonly string[], id: string): string[] {
  if (set.includes(id)) return set.slice();
  return [...set, id].sort();
}

/** The `logOk` of HandleRequestVoteRequest: the candidate's log is at least as up-to-date. */
export function candidateLogIsUpToDate(ctx: ServerContext, m: RequestVoteRequest): boolean {
  const myLastTerm = lastTerm(ctx.log);
  return m.lastLogTerm > myLastTerm || (m.lastLogTerm === myLastTerm && m.lastLogIndex >= ctx.log.length);
}

/** The `grant` of HandleRequestVoteRequest: same term, log up to date, no vote for another. */
export function grantsVote(ctx: ServerContext, m: RequestVoteRequest): boolean {
  return m.term === ctx.currentTerm && candidateLogIsUpToDate(ctx, m) && (ctx.votedFor === null || ctx.votedFor === m.from);
}

/** The `logOk` of HandleAppendEntriesRequest: the entry before the new ones matches. */
export function previousEntryMatches(ctx: ServerContext, m: AppendEntriesRequest): boolean {
  if (m.prevLogIndex === 0) return true;
  return m.prevLogIndex > 0 && m.prevLogIndex <= ctx.log.length && m.prevLogTerm === ctx.log[m.prevLogIndex - 1].term;
}

/**
 * The "already done with request" case of the accept branch: nothing to add, or the entry at
 * `prevLogIndex + 1` already has the sent entry's term.
 */
export function entriesAlreadyPresent(ctx: ServerContext, m: AppendEntriesRequest): boolean {
  if (m.entries.length === 0) return true;
  const index = m.prevLogIndex + 1;
  return ctx.log.length >= index && ctx.log[index - 1].term === m.entries[0].term;
}

/** The "conflict" case of the accept branch: the entry at `prevLogIndex + 1` has another term. */
export function entryConflicts(ctx: ServerContext, m: AppendEntriesRequest): boolean {
  if (m.entries.length === 0) return false;
  const index = m.prevLogIndex + 1;
  return ctx.log.length >= index && ctx.log[index - 1].term !== m.entries[0].term;
}

/** The "no conflict: append entry" case: the log ends exactly at `prevLogIndex`. */
export function entryIsNext(ctx: ServerContext, m: AppendEntriesRequest): boolean {
  return m.entries.length > 0 && ctx.log.length === m.prevLogIndex;
}

/**
 * The AppendEntries(i, j) request a leader sends: at most one entry, starting at nextIndex[j].
 * Example: with log [e1], nextIndex 1 and commitIndex 0 it is prev 0/0, entries [e1], commit 0.
 */
export function appendEntriesFor(ctx: ServerContext, peer: string): AppendEntriesRequest {
  const next = ctx.nextIndex[peer];
  const prevLogIndex = next - 1;
  const prevLogTerm = prevLogIndex > 0 ? ctx.log[prevLogIndex - 1].term : 0;
  const lastEntry = Math.min(ctx.log.length, next);
  // SubSeq(log, next, lastEntry): empty when lastEntry < next.
  const entries = ctx.log.slice(next - 1, lastEntry);
  return {
    type: 'AppendEntriesRequest',
    from: ctx.id,
    to: peer,
    term: ctx.currentTerm,
    prevLogIndex,
    prevLogTerm,
    entries,
    commitIndex: Math.min(ctx.commitIndex, lastEntry),
  };
}

/**
 * AdvanceCommitIndex's newCommitIndex: the largest index a quorum (the leader included)
 * has matched, if its entry is from the current term; otherwise the commitIndex unchanged.
 * Example: a single-server leader with log [{term: 2}] in term 2 commits index 1.
 */
export function advancedCommitIndex(ctx: ServerContext, servers: readonly string[]): number {
  let best = 0;
  for (let index = 1; index <= ctx.log.length; index++) {
    const agree = servers.filter((k) => k === ctx.id || ctx.matchIndex[k] >= index);
    if (isQuorum(agree, servers.length)) best = index;
  }
  if (best > 0 && ctx.log[best - 1].term === ctx.currentTerm) return best;
  return ctx.commitIndex;
}

/** nextIndex and matchIndex as BecomeLeader sets them: every server at Len(log) + 1 and 0. */
export function leaderIndexes(ctx: ServerContext, servers: readonly string[]): Pick<ServerContext, 'nextIndex' | 'matchIndex'> {
  const nextIndex: Record<string, number> = {};
  const matchIndex: Record<string, number> = {};
  for (const k of servers) {
    nextIndex[k] = ctx.log.length + 1;
    matchIndex[k] = 0;
  }
  return { nextIndex, matchIndex };
}
