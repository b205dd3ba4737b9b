import type { RaftRules } from './types.ts';

/** The paper's rules (Figure 2), and each broken variant as the one change it makes to them. */

export const PAPER_RULES: RaftRules = {
  voteChecksLog: true,
  commitOnlyCurrentTerm: true,
  stepDownOnNewerTerm: true,
  voterAdoptsTerm: true,
  appendEntriesFollowsLeader: true,
  quorum: 'majority',
  followerCommit: 'last-new-entry',
  leaderMatch: 'reported',
  followerChecksPrevTerm: true,
  followerCommitsOnRefusal: false,
  clientEntryAt: 'end-of-log',
};

/** Variant names of the statechart model (the `tla` variant is the raft.tla mirror, built elsewhere). */
export type StatechartVariant =
  | 'default'
  | 'no-log-check'
  | 'commit-old-term'
  | 'no-term-step-down'
  | 'seed-pseudocode'
  | 'no-prev-term-check'
  | 'commit-on-refusal'
  | 'leader-overwrites-tail';

export const VARIANT_RULES: Readonly<Record<StatechartVariant, RaftRules>> = {
  default: PAPER_RULES,
  // Votes are granted without §5.4.1's up-to-date check.
  'no-log-check': { ...PAPER_RULES, voteChecksLog: false },
  // Figure 8: a leader commits an entry of an earlier term once it is on a majority.
  'commit-old-term': { ...PAPER_RULES, commitOnlyCurrentTerm: false },
  // A server that sees a newer term in a message keeps its own term, vote and role.
  'no-term-step-down': { ...PAPER_RULES, stepDownOnNewerTerm: false, voterAdoptsTerm: false },
  // The design article's pseudocode, rule by rule (see spec/raft/README.md).
  'seed-pseudocode': {
    ...PAPER_RULES,
    voterAdoptsTerm: false,
    appendEntriesFollowsLeader: false,
    quorum: 'half-of-peers',
    followerCommit: 'last-log-index',
    leaderMatch: 'own-log-length',
  },
  // AppendEntries' consistency check asks only that the log reach prevLogIndex, not that its term there be prevLogTerm.
  'no-prev-term-check': { ...PAPER_RULES, followerChecksPrevTerm: false },
  // A follower that replies false to AppendEntries does not stop: it still sets its commitIndex from leaderCommit.
  'commit-on-refusal': { ...PAPER_RULES, followerCommitsOnRefusal: true },
  // A leader writes a client's value right after its commitIndex, over its own uncommitted entries.
  'leader-overwrites-tail': { ...PAPER_RULES, clientEntryAt: 'after-commit' },
};
