import { assign, setup } from 'xstate';
import type { Entry } from './messages.ts';
import type { MultiPaxosRules } from './rules.ts';

/**
 * A Multi-Paxos learner: it learns a slot's value once a majority of acceptors voted for it in
 * one ballot, and never changes it. Its Learn event carries what it read of the Accepted
 * messages (see learnEvents in cluster.ts): one slot, ballot and value, and who voted for it.
 * The learner executes its log up to the first slot it has not learned.
 */

export interface LearnEvent {
  readonly type: 'Learn';
  readonly slot: number;
  readonly bal: number;
  readonly val: string | null;
  /** The acceptors whose Accepted carried (slot, bal, val), sorted. */
  readonly voters: readonly string[];
}

export interface LearnerContext {
  /** The slots learned, sorted by slot. */
  readonly learned: readonly Entry[];
}

/** The learner statechart under `rules`. Example: `learnerMachine(rulesFor('default', sizes))`. */
export function learnerMachine(rules: MultiPaxosRules) {
  return setup({
    types: {} as { context: LearnerContext; events: LearnEvent },
    guards: {
      learnsNewSlot: ({ context, event }) => event.voters.length >= rules.learnerQuorum && !context.learned.some((e) => e.slot === event.slot),
    },
    actions: {
      learn: assign({ learned: ({ context, event }) => [...context.learned, { slot: event.slot, val: event.val }].sort((x, y) => x.slot - y.slot) }),
    },
  }).createMachine({
    id: 'multipaxos-learner',
    context: { learned: [] },
    initial: 'learning',
    states: {
      learning: { on: { Learn: { guard: 'learnsNewSlot', actions: 'learn' } } },
    },
  });
}
