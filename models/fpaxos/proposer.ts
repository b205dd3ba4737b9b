import { assign, emit, setup } from 'xstate';
import type { AcceptMessage, PrepareMessage, PromiseMessage } from './messages.ts';
import { nextBallot } from '../paxos/ballots.ts';
import { clientValue, type FPaxosRules, type PromiseRecord } from './rules.ts';

/**
 * The proposer of Flexible Paxos:
 *
 *   idle --NewBallot--> preparing --Promise completing a Phase 1 quorum--> accepting
 *
 * As in Basic Paxos, except that Phase 1 ends when the promisers form a Phase 1 quorum of the
 * configured quorum system, which need not be a majority. NewBallot is allowed in any state
 * while a ballot within maxBallot is left: a proposer may abandon a ballot at any time.
 */

export interface ProposerInput {
  readonly self: string;
  /** Position among the proposers, from 0: owns ballots index, index + P, ... */
  readonly index: number;
}

export interface ProposerContext extends ProposerInput {
  /** The current ballot, -1 before the first. */
  readonly ballot: number;
  /** The value the client asked this ballot to propose (see `clientValue`); null before the first ballot. */
  readonly value: string | null;
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
  return [...promises, { acceptor: msg.from, mbal: msg.mbal, mval: msg.mval }].sort((x, y) => (x.acceptor < y.acceptor ? -1 : 1));
}

/** The proposer statechart under `rules`. Example: `proposerMachine(rulesFor('default', quorums, bounds))`. */
export function proposerMachine(rules: FPaxosRules) {
  return setup({
    types: {} as { context: ProposerContext; input: ProposerInput; events: ProposerEvent; emitted: PrepareMessage | AcceptMessage },
    guards: {
      hasBallotLeft: ({ context }) => nextBallot(context.index, context.ballot, rules.proposers) <= rules.maxBallot,
      isNewPromise: ({ context, event }) => isNewPromise(context, event),
      completesPhase1Quorum: ({ context, event }) =>
        isNewPromise(context, event) && rules.isPhase1Quorum([...context.promises.map((p) => p.acceptor), event.from]),
    },
    actions: {
      takeNextBallot: assign(({ context }) => {
        const ballot = nextBallot(context.index, context.ballot, rules.proposers);
        return { ballot, value: clientValue(ballot, rules.values), promises: [], proposal: null };
      }),
      sendPrepare: emit(({ context }) => ({ type: 'Prepare' as const, from: context.self, bal: context.ballot })),
      recordPromise: assign({ promises: ({ context, event }) => withPromise(context.promises, event as PromiseMessage) }),
      chooseProposal: assign({ proposal: ({ context }) => rules.chooseValue(context.promises, context.value!) }),
      sendAccept: emit(({ context }) => ({ type: 'Accept' as const, from: context.self, bal: context.ballot, val: context.proposal })),
    },
  }).createMachine({
    id: 'fpaxos-proposer',
    context: ({ input }) => ({ ...input, ballot: -1, value: null, promises: [], proposal: null }),
    initial: 'idle',
    on: {
      NewBallot: { guard: 'hasBallotLeft', target: '.preparing', actions: ['takeNextBallot', 'sendPrepare'] },
    },
    states: {
      idle: {},
      preparing: {
        on: {
          Promise: [
            { guard: 'completesPhase1Quorum', target: 'accepting', actions: ['recordPromise', 'chooseProposal', 'sendAccept'] },
            { guard: 'isNewPromise', actions: 'recordPromise' },
          ],
        },
      },
      accepting: {},
    },
  });
}
