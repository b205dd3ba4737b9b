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
};

/** Variant names of the statechart model (the `tla` variant is the raft.tla mirror, built elsewhere). */
export type StatechartVariant = 'default' | 'no-log-check' | 'commit-old-term' | 'no-term-step-down' | 'seed-pseudocode';

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
};
