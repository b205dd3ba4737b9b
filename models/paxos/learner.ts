import { assign, setup } from 'xstate';
import type { PaxosRules } from './rules.ts';

/**
 * The learner of "Paxos Made Simple", section 2.3: it learns a value once a quorum of
 * acceptors has accepted it in one ballot, and never changes its mind.
 *
 *   waiting --Learn--> learned
 *
 * Acceptors announce every vote in an Accepted message; since the network keeps every message
 * sent, the learner's Learn event carries what it read of them: one ballot, one value and the
 * acceptors that voted for it (see learnEvents in cluster.ts).
 */

export interface LearnEvent {
  readonly type: 'Learn';
  readonly bal: number;
  readonly val: string | null;
  /** The acceptors whose Accepted(bal, val) the learner read, sorted. */
  readonly voters: readonly string[];
}

export interface LearnerContext {
  /** The value learned; meaningful only in state `learned` (null is a value a broken proposer may propose). */
  readonly learned: string | null;
}

/** The learner statechart under `rules`. Example: `learnerMachine(rulesFor('default', sizes))`. */
export function learnerMachine(rules: PaxosRules) {
  return setup({
    types: {} as { context: LearnerContext; events: LearnEvent },
    guards: {
      votedByQuorum: ({ event }) => event.voters.length >= rules.learnerQuorum,
    },
    actions: {
      recordLearned: assign({ learned: ({ event }) => event.val }),
    },
  }).createMachine({
    id: 'learner',
    context: { learned: null },
    initial: 'waiting',
    states: {
      waiting: { on: { Learn: { guard: 'votedByQuorum', target: 'learned', actions: 'recordLearned' } } },
      learned: {},
    },
  });
}
