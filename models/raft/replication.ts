import { termAt } from './log.ts';
import { isMajority } from './election.ts';
import type { AppendEntries, Entry, RaftRules, ServerContext } from './types.ts';

/** The arithmetic of log replication (Raft paper §5.3 and §5.4.2). */

/**
 * Figure 2, AppendEntries receiver step 2: the log must contain an entry at prevLogIndex
 * whose term is prevLogTerm (always true at index 0).
 *
 * Example: Figure 7's follower (f) (terms 1,1,1,2,2,2,3,3,3,3,3) against prevLogIndex 10,
 * prevLogTerm 6: `logMatchesPrev(logF, 10, 6) === false`.
 */
export function logMatchesPrev(log: readonly Entry[], prevLogIndex: number, prevLogTerm: number): boolean {
  return termAt(log, prevLogIndex) === prevLogTerm;
}

/**
 * The consistency check a follower applies, under its rules: the paper's (logMatchesPrev),
 * or the broken one that only asks whether the log reaches prevLogIndex, so that an entry of
 * another term at prevLogIndex goes unnoticed and the new entries land after it.
 *
 * Example: a follower holding [(2, v1)] and a request with prevLogIndex 1, prevLogTerm 1:
 * `passesConsistencyCheck(log, 1, 1, PAPER_RULES) === false`, and true when
 * `followerChecksPrevTerm` is false.
 */
export function passesConsistencyCheck(log: readonly Entry[], prevLogIndex: number, prevLogTerm: number, rules: Pick<RaftRules, 'followerChecksPrevTerm'>): boolean {
  if (!rules.followerChecksPrevTerm) return prevLogIndex <= log.length;
  return logMatchesPrev(log, prevLogIndex, prevLogTerm);
}

/**
 * Figure 2, AppendEntries receiver steps 3 and 4: an existing entry that conflicts with a new
 * one (same index, different term) is deleted with all that follow it; new entries not
 * already in the log are appended. Entries that agree are kept, and so is anything after
 * them: a late or duplicated request must not truncate entries the follower already holds.
 *
 * Example: `mergeEntries([{term: 1, value: 'a'}, {term: 1, value: 'b'}], 0, [{term: 2, value: 'c'}])`
 * is `[{term: 2, value: 'c'}]`.
 */
export function mergeEntries(log: readonly Entry[], prevLogIndex: number, entries: readonly Entry[]): Entry[] {
  let out: Entry[] = log.slice();
  entries.forEach((entry, i) => {
    const index = prevLogIndex + 1 + i;
    const existing = termAt(out, index);
    if (existing === entry.term) return;
    if (existing !== undefined) out = out.slice(0, index - 1);
    out.push(entry);
  });
  return out;
}

/**
 * Figure 2, AppendEntries receiver step 5: if leaderCommit > commitIndex, commitIndex becomes
 * min(leaderCommit, index of last new entry). The paper's rule is taken with a max: a
 * reordered request whose last new entry is below the current commitIndex must not lower it
 * (what is committed stays committed). The design article's variant uses the whole log's
 * last index instead, and assigns unconditionally.
 *
 * Example: `followerCommitIndex(1, 3, 2, 5, 'last-new-entry') === 2`; with `'last-log-index'` it is 3.
 */
export function followerCommitIndex(commitIndex: number, leaderCommit: number, lastNewIndex: number, logLength: number, rule: RaftRules['followerCommit']): number {
  if (rule === 'last-log-index') return Math.min(leaderCommit, logLength);
  if (leaderCommit <= commitIndex) return commitIndex;
  return Math.max(commitIndex, Math.min(leaderCommit, lastNewIndex));
}

/**
 * A leader's log after it accepts a client's value: the entry appended at the end (§5.3), or,
 * under the broken rule, written right after the leader's commitIndex, which discards the
 * uncommitted entries the leader itself had appended.
 *
 * Example: `logWithClientEntry([{term: 1, value: 'v1'}], 0, {term: 1, value: 'v2'}, 'after-commit')` is
 * `[{term: 1, value: 'v2'}]`; with `'end-of-log'` it is `[{term: 1, value: 'v1'}, {term: 1, value: 'v2'}]`.
 */
export function logWithClientEntry(log: readonly Entry[], commitIndex: number, entry: Entry, rule: RaftRules['clientEntryAt']): Entry[] {
  if (rule === 'after-commit') return [...log.slice(0, commitIndex), entry];
  return [...log, entry];
}

/**
 * What a leader sends to a peer whose nextIndex is `nextIndex`: the entry there, if it has
 * one (one entry at most per request, as in raft.tla), and the index and term just before.
 *
 * Example: `requestFor([{term: 1, value: 'v1'}], 1)` is `{prevLogIndex: 0, prevLogTerm: 0, entries: [{term: 1, value: 'v1'}]}`.
 */
export function requestFor(log: readonly Entry[], nextIndex: number): Pick<AppendEntries, 'prevLogIndex' | 'prevLogTerm' | 'entries'> {
  const prevLogIndex = nextIndex - 1;
  return {
    prevLogIndex,
    prevLogTerm: termAt(log, prevLogIndex) ?? 0,
    entries: nextIndex <= log.length ? [log[nextIndex - 1]] : [],
  };
}

/**
 * Figure 2, Rules for leaders: the largest N > commitIndex held by a majority (the leader
 * counts itself) and, under the paper's rules, with log[N].term == currentTerm (§5.4.2: only
 * entries of the current term are committed by counting replicas). commitIndex if none.
 *
 * Example: a leader of term 3 whose log is [term 1] replicated on a majority keeps commitIndex
 * 0 under the paper's rules, and commits index 1 when `commitOnlyCurrentTerm` is false.
 */
export function leaderCommitIndex(leader: Pick<ServerContext, 'id' | 'servers' | 'currentTerm' | 'log' | 'commitIndex' | 'matchIndex'>, rules: Pick<RaftRules, 'commitOnlyCurrentTerm'>): number {
  for (let n = leader.log.length; n > leader.commitIndex; n--) {
    if (rules.commitOnlyCurrentTerm && leader.log[n - 1].term !== leader.currentTerm) continue;
    let replicas = 0;
    for (const id of leader.servers) {
      if (id === leader.id || (leader.matchIndex[id] ?? 0) >= n) replicas++;
    }
    if (isMajority(replicas, leader.servers.length)) return n;
  }
  return leader.commitIndex;
}
