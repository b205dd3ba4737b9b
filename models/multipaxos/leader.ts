import { assign, emit, setup } from 'xstate';
import type { AcceptMessage, PrepareMessage, PromiseMessage, SlotVote } from './messages.ts';
import { nextBallot } from '../paxos/ballots.ts';
import { command, firstFreeSlot, type MultiPaxosRules } from './rules.ts';

/**
 * A Multi-Paxos leader (Lamport, "Paxos Made Simple", section 3):
 *
 *   idle --NewBallot--> preparing --Promise completing a majority--> leading --Propose--> leading
 *
 * NewBallot takes the leader's next ballot and runs Phase 1 once for every slot. With a
 * majority of promises the leader re-proposes, for each slot any promise reports, the value of
 * the highest-ballot vote, fills the gaps below with no-ops, and then leads: each Propose
 * sends Phase 2 for one new client command in the next free slot, with no Phase 1, for as long
 * as it stays leader. NewBallot is allowed in any state (a leader may be replaced at any time).
 */

export interface LeaderInput {
  readonly self: string;
  /** Position among the leaders, from 0: owns ballots index, index + L, ... */
  readonly index: number;
}

export interface LeaderContext extends LeaderInput {
  /** The current ballot, -1 before the first. */
  readonly ballot: number;
  /** Acceptors that promised the current ballot, sorted. */
  readonly promisers: readonly string[];
  /** Every vote the promises reported, sorted by slot, ballot, value. */
  readonly reported: readonly SlotVote[];
  /** The next slot for a new client command. */
  readonly next: number;
}

export type LeaderEvent = { readonly type: 'NewBallot' } | { readonly type: 'Propose' } | PromiseMessage;

function isNewPromise(context: LeaderContext, event: LeaderEvent): event is PromiseMessage {
  return event.type === 'Promise' && event.bal === context.ballot && !context.promisers.includes(event.from);
}

function mergeVotes(reported: readonly SlotVote[], votes: readonly SlotVote[]): SlotVote[] {
  const all = [...reported];
  for (const v of votes) if (!all.some((r) => r.slot === v.slot && r.bal === v.bal && r.val === v.val)) all.push(v);
  return all.sort((x, y) => x.slot - y.slot || x.bal - y.bal || String(x.val).localeCompare(String(y.val)));
}

/** The leader statechart under `rules`. Example: `leaderMachine(rulesFor('default', sizes))`. */
export function leaderMachine(rules: MultiPaxosRules) {
  const completes = (context: LeaderContext, event: LeaderEvent) =>
    isNewPromise(context, event) && context.promisers.length + 1 >= Math.floor(rules.acceptors / 2) + 1;
  const upcoming = (context: LeaderContext) => nextBallot(context.index, context.ballot, rules.leaders);
  return setup({
    types: {} as { context: LeaderContext; input: LeaderInput; events: LeaderEvent; emitted: PrepareMessage | AcceptMessage },
    guards: {
      takesOverWithoutPhase1: ({ context }) => upcoming(context) <= rules.maxBallot && rules.skipsPhase1(upcoming(context)),
      hasBallotLeft: ({ context }) => upcoming(context) <= rules.maxBallot,
      isNewPromise: ({ context, event }) => isNewPromise(context, event),
      completesQuorumWithReproposals: ({ context, event }) =>
        completes(context, event) && rules.reproposals(mergeVotes(context.reported, (event as PromiseMessage).votes)).length > 0,
      completesQuorum: ({ context, event }) => completes(context, event),
      hasFreeSlot: ({ context }) => context.next < rules.slots,
    },
    actions: {
      takeNextBallot: assign(({ context }) => ({ ballot: upcoming(context), promisers: [], reported: [], next: 0 })),
      sendPrepare: emit(({ context }) => ({ type: 'Prepare' as const, from: context.self, bal: context.ballot })),
      recordPromise: assign(({ context, event }) => ({
        promisers: [...context.promisers, (event as PromiseMessage).from].sort(),
        reported: mergeVotes(context.reported, (event as PromiseMessage).votes),
      })),
      startAfterReportedSlots: assign({ next: ({ context }) => firstFreeSlot(context.reported) }),
      sendReproposals: emit(({ context }) => ({ type: 'Accept' as const, from: context.self, bal: context.ballot, entries: rules.reproposals(context.reported) })),
      sendNewCommand: emit(({ context }) => ({ type: 'Accept' as const, from: context.self, bal: context.ballot, entries: [{ slot: context.next, val: command(context.ballot, context.next) }] })),
      advanceSlot: assign({ next: ({ context }) => context.next + 1 }),
    },
  }).createMachine({
    id: 'multipaxos-leader',
    context: ({ input }) => ({ ...input, ballot: -1, promisers: [], reported: [], next: 0 }),
    initial: 'idle',
    on: {
      NewBallot: [
        { guard: 'takesOverWithoutPhase1', target: '.leading', actions: 'takeNextBallot' },
        { guard: 'hasBallotLeft', target: '.preparing', actions: ['takeNextBallot', 'sendPrepare'] },
      ],
    },
    states: {
      idle: {},
      preparing: {
        on: {
          Promise: [
            { guard: 'completesQuorumWithReproposals', target: 'leading', actions: ['recordPromise', 'startAfterReportedSlots', 'sendReproposals'] },
            { guard: 'completesQuorum', target: 'leading', actions: ['recordPromise', 'startAfterReportedSlots'] },
            { guard: 'isNewPromise', actions: 'recordPromise' },
          ],
        },
      },
      leading: {
        on: {
          Propose: { guard: 'hasFreeSlot', actions: ['sendNewCommand', 'advanceSlot'] },
        },
      },
    },
  });
}
