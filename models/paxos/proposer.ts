import { assign, emit, setup } from 'xstate';
import { nextBallot } from './ballots.ts';
import type { AcceptMessage, PrepareMessage, PromiseMessage } from './messages.ts';
import type { PaxosRules, PromiseRecord } from './rules.ts';

/**
 * The proposer of "Paxos Made Simple", section 2.2:
 *
 *   idle --NewBallot--> preparing --Promise x quorum--> accepting
 *
 * NewBallot (a local event) picks the proposer's next ballot and sends Prepare to every
 * acceptor; it is allowed in any state while a ballot within maxBallot is left, because a
 * proposer may abandon a ballot at any time. Once a quorum of promises for the current ballot
 * is in, the proposer sends Accept with the value the rules choose (Lamport: the value of the
 * highest-numbered vote reported, else its own).
 */

export interface ProposerInput {
  readonly self: string;
  /** Position among the proposers, from 0: owns ballots index, index + P, ... */
  readonly index: number;
  /** The value this proposer's client asked for. */
  readonly value: string;
}

export interface ProposerContext extends ProposerInput {
  /** The current ballot, -1 before the first. */
  readonly ballot: number;
  /** Promises for the current ballot, sorted by acceptor. */
  readonly promises: readonly PromiseRecord[];
  /** The value sent in Accept for the current ballot; null until then. */
  readonly proposal: string | null;
}

export type ProposerEvent = { readonly type: 'NewBallot' } | PromiseMessage;

function isNewPromise(context: ProposerContext, event: ProposerEvent): event is PromiseMessage {
  return event.type === 'Promise' && event.bal === context.ballot && !context.promises.some((p) => p.acceptor === event.from);
}

function withPromise(promises: readonly PromiseRecord[], msg: PromiseMessage): PromiseRecord[] {
  const record = { acceptor: msg.from, mbal: msg.mbal, mval: msg.mval };
  return [...promises, record].sort((x, y) => (x.acceptor < y.acceptor ? -1 : 1));
}

/** The proposer statechart under `rules`. Example: `proposerMachine(rulesFor('default', sizes))`. */
export function proposerMachine(rules: PaxosRules) {
  return setup({
    types: {} as { context: ProposerContext; input: ProposerInput; events: ProposerEvent; emitted: PrepareMessage | AcceptMessage },
    guards: {
      hasBallotLeft: ({ context }) => nextBallot(context.index, context.ballot, rules.proposers) <= rules.maxBallot,
      isNewPromise: ({ context, event }) => isNewPromise(context, event),
      completesQuorum: ({ context, event }) => isNewPromise(context, event) && context.promises.length + 1 >= rules.proposerQuorum,
    },
    actions: {
      takeNextBallot: assign(({ context }) => ({ ballot: nextBallot(context.index, context.ballot, rules.proposers), promises: [], proposal: null })),
      sendPrepare: emit(({ context }) => ({ type: 'Prepare' as const, from: context.self, bal: context.ballot })),
      recordPromise: assign({ promises: ({ context, event }) => withPromise(context.promises, event as PromiseMessage) }),
      chooseProposal: assign({ proposal: ({ context }) => rules.chooseValue(context.promises, context.value) }),
      sendAccept: emit(({ context }) => ({ type: 'Accept' as const, from: context.self, bal: context.ballot, val: context.proposal })),
    },
  }).createMachine({
    id: 'proposer',
    context: ({ input }) => ({ ...input, ballot: -1, promises: [], proposal: null }),
    initial: 'idle',
    on: {
      NewBallot: { guard: 'hasBallotLeft', target: '.preparing', actions: ['takeNextBallot', 'sendPrepare'] },
    },
    states: {
      idle: {},
      preparing: {
        on: {
          Promise: [
            { guard: 'completesQuorum', target: 'accepting', actions: ['recordPromise', 'chooseProposal', 'sendAccept'] },
            { guard: 'isNewPromise', actions: 'recordPromise' },
          ],
        },
      },
      accepting: {},
    },
  });
}
