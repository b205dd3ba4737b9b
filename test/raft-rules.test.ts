import { describe, expect, it } from 'vitest';
import { grantsVote, logIsUpToDate, winsElection } from '../models/raft/election.ts';
import { lastLogIndex, lastLogTerm } from '../models/raft/log.ts';
import { followerCommitIndex, leaderCommitIndex, logMatchesPrev, mergeEntries, requestFor } from '../models/raft/replication.ts';
import { PAPER_RULES, VARIANT_RULES } from '../models/raft/rules.ts';
import type { Entry } from '../models/raft/types.ts';

/**
 * The election and replication rules against the Raft paper's Figure 7: the leader of term 8
 * and six possible follower logs (a)-(f), given as the term of each entry, index 1 first.
 */
// Values are named by index, so two logs' entries of the same index and term are equal, as in the figure.
const logOf = (terms: number[]): Entry[] => terms.map((term, i) => ({ term, value: `x${i + 1}` }));
const leader = logOf([1, 1, 1, 4, 4, 5, 5, 6, 6, 6]);
const followers: Record<string, Entry[]> = {
  a: logOf([1, 1, 1, 4, 4, 5, 5, 6, 6]),
  b: logOf([1, 1, 1, 4]),
  c: logOf([1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6]),
  d: logOf([1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7]),
  e: logOf([1, 1, 1, 4, 4, 4, 4]),
  f: logOf([1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3]),
};

const asCandidate = (log: Entry[]) => ({ lastLogTerm: lastLogTerm(log), lastLogIndex: lastLogIndex(log) });

describe('the up-to-date check of RequestVote (§5.4.1) on Figure 7', () => {
  // Last entries: leader (6, 10); a (6, 9); b (4, 4); c (6, 11); d (7, 12); e (4, 7); f (3, 11).
  it('a voter with log (a), (b), (e) or (f) may vote for the leader of Figure 7; (c) and (d) may not', () => {
    const votes = Object.fromEntries(Object.entries(followers).map(([k, log]) => [k, logIsUpToDate(asCandidate(leader), log)]));
    expect(votes).toEqual({ a: true, b: true, c: false, d: false, e: true, f: true });
  });

  it('follower (d), whose last term 7 is the latest, is up to date against every other log', () => {
    for (const [k, log] of Object.entries(followers)) expect(logIsUpToDate(asCandidate(followers.d), log), k).toBe(true);
    expect(logIsUpToDate(asCandidate(followers.d), leader)).toBe(true);
  });

  it('a longer log loses to a later last term: (f) has 11 entries but is behind (e) with 7', () => {
    expect(logIsUpToDate(asCandidate(followers.f), followers.e)).toBe(false);
    expect(logIsUpToDate(asCandidate(followers.e), followers.f)).toBe(true);
  });

  it('grants only a free or same vote, in a term not older than its own, and (by the paper) to an up-to-date log', () => {
    const request = { term: 8, from: 's1', ...asCandidate(leader) };
    expect(grantsVote({ currentTerm: 8, votedFor: null, log: followers.a }, request, PAPER_RULES)).toBe(true);
    expect(grantsVote({ currentTerm: 8, votedFor: 's1', log: followers.a }, request, PAPER_RULES)).toBe(true);
    expect(grantsVote({ currentTerm: 8, votedFor: 's2', log: followers.a }, request, PAPER_RULES)).toBe(false);
    expect(grantsVote({ currentTerm: 9, votedFor: null, log: followers.a }, request, PAPER_RULES)).toBe(false);
    expect(grantsVote({ currentTerm: 8, votedFor: null, log: followers.c }, request, PAPER_RULES)).toBe(false);
    // The no-log-check variant grants it anyway.
    expect(grantsVote({ currentTerm: 8, votedFor: null, log: followers.c }, request, VARIANT_RULES['no-log-check'])).toBe(true);
  });
});

describe('elections are won by a majority; the design article counts more than half of the peers', () => {
  it('needs 2 of 3, 3 of 4, 3 of 5 votes by the paper', () => {
    expect([winsElection(1, 3, 'majority'), winsElection(2, 3, 'majority')]).toEqual([false, true]);
    expect([winsElection(2, 4, 'majority'), winsElection(3, 4, 'majority')]).toEqual([false, true]);
    expect([winsElection(2, 5, 'majority'), winsElection(3, 5, 'majority')]).toEqual([false, true]);
  });

  it('elects with 2 of 4 votes under votes > peers / 2 (peers = 3)', () => {
    expect(winsElection(2, 4, 'half-of-peers')).toBe(true);
    expect(winsElection(2, 3, 'half-of-peers')).toBe(true);
    expect(winsElection(1, 3, 'half-of-peers')).toBe(false);
  });
});

describe('the AppendEntries consistency check (§5.3) on Figure 7', () => {
  it('the first request after the election (nextIndex 11: prevLogIndex 10, prevLogTerm 6) matches only (c) and (d)', () => {
    const first = requestFor(leader, 11);
    expect(first).toEqual({ prevLogIndex: 10, prevLogTerm: 6, entries: [] });
    const matches = Object.fromEntries(Object.entries(followers).map(([k, log]) => [k, logMatchesPrev(log, first.prevLogIndex, first.prevLogTerm)]));
    expect(matches).toEqual({ a: false, b: false, c: true, d: true, e: false, f: false });
  });

  it('decrementing nextIndex finds the last agreeing index: 10 for (a), 5 for (b), 6 for (e), 4 for (f)', () => {
    // The leader's nextIndex for a follower once the check passes: one past the longest common prefix.
    const found = Object.fromEntries(
      ['a', 'b', 'e', 'f'].map((k) => {
        let next = 11;
        while (!logMatchesPrev(followers[k], next - 1, requestFor(leader, next).prevLogTerm)) next--;
        return [k, next];
      }),
    );
    expect(found).toEqual({ a: 10, b: 5, e: 6, f: 4 });
  });

  it('an empty log matches only prevLogIndex 0', () => {
    expect(logMatchesPrev([], 0, 0)).toBe(true);
    expect(logMatchesPrev([], 1, 1)).toBe(false);
  });
});

describe('storing entries: only conflicting entries are deleted (§5.3, Figure 2 steps 3-4)', () => {
  it('(f) at index 4 deletes its entries of terms 2 and 3 and takes the leader\'s term-4 entry', () => {
    const merged = mergeEntries(followers.f, 3, [leader[3]]);
    expect(merged.map((e) => e.term)).toEqual([1, 1, 1, 4]);
  });

  it('(e) at index 6 deletes its term-4 entries at 6 and 7 and takes the leader\'s term-5 entry', () => {
    expect(mergeEntries(followers.e, 5, [leader[5]]).map((e) => e.term)).toEqual([1, 1, 1, 4, 4, 5]);
  });

  it('(c) keeps its extra entry 11 when a late request re-sends entry 10 (same term: no conflict)', () => {
    expect(mergeEntries(followers.c, 9, [leader[9]])).toEqual(followers.c);
  });

  it('(d) keeps its term-7 entries on a heartbeat at prevLogIndex 10', () => {
    expect(mergeEntries(followers.d, 10, [])).toEqual(followers.d);
  });

  it('(a) gets the leader\'s entry 10 appended', () => {
    expect(mergeEntries(followers.a, 9, [leader[9]])).toEqual(leader);
  });
});

describe('commit indices', () => {
  it('a follower commits up to min(leaderCommit, last new entry), never lowering it', () => {
    // (d) gets a heartbeat at prevLogIndex 10 with leaderCommit 10: commits 10, not its own 12.
    expect(followerCommitIndex(0, 10, 10, 12, 'last-new-entry')).toBe(10);
    // The design article's rule commits (d)'s term-7 entries at 11 and 12 when leaderCommit allows.
    expect(followerCommitIndex(0, 12, 10, 12, 'last-log-index')).toBe(12);
    // A late heartbeat at prevLogIndex 3 does not undo commitIndex 5.
    expect(followerCommitIndex(5, 8, 3, 12, 'last-new-entry')).toBe(5);
  });

  it('a leader of term 8 does not commit old-term entries by counting replicas; the Figure 8 variant does', () => {
    const servers = ['s1', 's2', 's3'];
    const base = { id: 's1', servers, log: leader, commitIndex: 3, matchIndex: { s2: 10, s3: 0 } };
    expect(leaderCommitIndex({ ...base, currentTerm: 8 }, PAPER_RULES)).toBe(3);
    expect(leaderCommitIndex({ ...base, currentTerm: 8 }, VARIANT_RULES['commit-old-term'])).toBe(10);
    // Once an entry of term 8 is on a majority, it and everything before it is committed.
    const withOwn = [...leader, { term: 8, value: 'x11' }];
    expect(leaderCommitIndex({ ...base, log: withOwn, currentTerm: 8, matchIndex: { s2: 11, s3: 4 } }, PAPER_RULES)).toBe(11);
    expect(leaderCommitIndex({ ...base, log: withOwn, currentTerm: 8, matchIndex: { s2: 4, s3: 4 } }, PAPER_RULES)).toBe(3);
  });
});
