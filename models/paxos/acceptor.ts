import { assign, emit, setup } from 'xstate';
import type { AcceptedMessage, AcceptMessage, PrepareMessage, PromiseMessage } from './messages.ts';
import type { PaxosRules } from './rules.ts';

/**
 * The acceptor of "Paxos Made Simple", section 2.2, one state and two rules: promise a
 * Prepare of a ballot above every promise made so far, reporting the last vote; accept an
 * Accept unless it promised a higher ballot. Each vote is announced to the learners.
 */

export interface AcceptorInput {
  readonly self: string;
}

export interface AcceptorContext extends AcceptorInput {
  /** The highest ballot promised, -1 before any. */
  readonly promised: number;
  /** The last vote: its ballot (-1 if none) and value. */
  readonly acceptedBallot: number;
  readonly acceptedValue: string | null;
}

export type AcceptorEvent = PrepareMessage | AcceptMessage;

/** The acceptor statechart under `rules`. Example: `acceptorMachine(rulesFor('default', sizes))`. */
export function acceptorMachine(rules: PaxosRules) {
  return setup({
    types: {} as { context: AcceptorContext; input: AcceptorInput; events: AcceptorEvent; emitted: PromiseMessage | AcceptedMessage },
    guards: {
      mayPromise: ({ context, event }) => rules.mayPromise(event.bal, context.promised),
      mayAccept: ({ context, event }) => rules.mayAccept(event.bal, context.promised),
    },
    actions: {
      sendPromise: emit(({ context, event }) => ({
        type: 'Promise' as const,
        from: context.self,
        to: (event as PrepareMessage).from,
        bal: event.bal,
        mbal: context.acceptedBallot,
        mval: context.acceptedValue,
      })),
      promise: assign({ promised: ({ event }) => event.bal }),
      accept: assign(({ context, event }) => ({
        promised: Math.max(context.promised, event.bal),
        acceptedBallot: event.bal,
        acceptedValue: (event as AcceptMessage).val,
      })),
      sendAccepted: emit(({ context, event }) => ({ type: 'Accepted' as const, from: context.self, bal: event.bal, val: (event as AcceptMessage).val })),
    },
  }).createMachine({
    id: 'acceptor',
    context: ({ input }) => ({ ...input, promised: -1, acceptedBallot: -1, acceptedValue: null }),
    initial: 'active',
    states: {
      active: {
        on: {
          Prepare: { guard: 'mayPromise', actions: ['sendPromise', 'promise'] },
          Accept: { guard: 'mayAccept', actions: ['accept', 'sendAccepted'] },
        },
      },
    },
  });
}
