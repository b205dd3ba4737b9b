import { lastLogIndex, lastLogTerm } from './log.ts';
import type { Entry, RaftRules, RequestVote, ServerContext } from './types.ts';

/** The arithmetic of leader election (Raft paper §5.2 and §5.4.1). */

/**
 * §5.4.1: a candidate's log is at least as up to date as the voter's when its last term is
 * later, or the last terms are equal and it is at least as long.
 *
 * Example: a candidate with last term 6 at index 10 against a voter whose log ends at term 6,
 * index 9 (Figure 7, follower (a)): `logIsUpToDate({lastLogTerm: 6, lastLogIndex: 10}, logA) === true`.
 */
export function logIsUpToDate(candidate: { readonly lastLogTerm: number; readonly lastLogIndex: number }, voterLog: readonly Entry[]): boolean {
  const voterLastTerm = lastLogTerm(voterLog);
  if (candidate.lastLogTerm !== voterLastTerm) return candidate.lastLogTerm > voterLastTerm;
  return candidate.lastLogIndex >= lastLogIndex(voterLog);
}

/**
 * Figure 2, RequestVote receiver: grant when the request is not from an older term, the vote
 * is free or already this candidate's, and (unless the rules skip it) the candidate's log is
 * at least as up to date. In the paper's model a newer term has been adopted before this is
 * asked, so "not older" means "current"; variants that keep their term grant on a newer one.
 *
 * Example: `grantsVote({currentTerm: 1, votedFor: null, log: []}, {term: 1, from: 's2', lastLogTerm: 0, lastLogIndex: 0}, rules) === true`.
 */
export function grantsVote(
  voter: Pick<ServerContext, 'currentTerm' | 'votedFor' | 'log'>,
  request: Pick<RequestVote, 'term' | 'from' | 'lastLogTerm' | 'lastLogIndex'>,
  rules: Pick<RaftRules, 'voteChecksLog'>,
): boolean {
  if (request.term < voter.currentTerm) return false;
  if (voter.votedFor !== null && voter.votedFor !== request.from) return false;
  return !rules.voteChecksLog || logIsUpToDate(request, voter.log);
}

/**
 * Whether `votes` (the candidate's own included) elect it in a cluster of `servers`.
 * Example: `winsElection(2, 3, 'majority') === true`, `winsElection(2, 4, 'majority') === false`,
 * `winsElection(2, 4, 'half-of-peers') === true` (2 > 3 / 2: the design article's bug).
 */
export function winsElection(votes: number, servers: number, quorum: RaftRules['quorum']): boolean {
  return quorum === 'majority' ? isMajority(votes, servers) : votes > (servers - 1) / 2;
}

/** More than half of `servers`. Example: `isMajority(2, 3) === true`, `isMajority(2, 4) === false`. */
export function isMajority(count: number, servers: number): boolean {
  return count * 2 > servers;
}

/** `list` with `id` added, kept sorted and without duplicates. Example: `withMember(['s1'], 's3')` is `['s1', 's3']`. */
export function withMember(list: readonly string[], id: string): string[] {
  if (list.includes(id)) return list.slice();
  return [...list, id].sort();
}
