import { assign, emit, setup } from 'xstate';
import type { AcceptedMessage, AcceptMessage, PrepareMessage, PromiseMessage } from './messages.ts';

/**
 * The acceptor of Flexible Paxos is the acceptor of Basic Paxos, unchanged: promise a Prepare
 * above every promise so far, reporting the last vote; accept an Accept unless it promised a
 * higher ballot; announce each vote. Flexible Paxos changes only who waits for how many.
 */

export interface AcceptorInput {
  readonly self: string;
}

export interface AcceptorContext extends AcceptorInput {
  /** The highest ballot promised, -1 before any. */
  readonly promised: number;
  /** The last vote: its ballot (-1 if none) and value. */
  readonly votedBallot: number;
  readonly votedValue: string | null;
}

/** The acceptor statechart. Example: `clusterModel({ roles: [{ name: 'acceptor', machine: acceptorMachine(), ... }] })`. */
export function acceptorMachine() {
  return setup({
    types: {} as { context: AcceptorContext; input: AcceptorInput; events: PrepareMessage | AcceptMessage; emitted: PromiseMessage | AcceptedMessage },
    guards: {
      isAbovePromise: ({ context, event }) => event.bal > context.promised,
      isNotBelowPromise: ({ context, event }) => event.bal >= context.promised,
    },
    actions: {
      sendPromise: emit(({ context, event }) => ({
        type: 'Promise' as const,
        from: context.self,
        to: event.from,
        bal: event.bal,
        mbal: context.votedBallot,
        mval: context.votedValue,
      })),
      promise: assign({ promised: ({ event }) => event.bal }),
      vote: assign(({ event }) => ({ promised: event.bal, votedBallot: event.bal, votedValue: (event as AcceptMessage).val })),
      sendAccepted: emit(({ context, event }) => ({ type: 'Accepted' as const, from: context.self, bal: event.bal, val: (event as AcceptMessage).val })),
    },
  }).createMachine({
    id: 'fpaxos-acceptor',
    context: ({ input }) => ({ ...input, promised: -1, votedBallot: -1, votedValue: null }),
    initial: 'active',
    states: {
      active: {
        on: {
          Prepare: { guard: 'isAbovePromise', actions: ['sendPromise', 'promise'] },
          Accept: { guard: 'isNotBelowPromise', actions: ['vote', 'sendAccepted'] },
        },
      },
    },
  });
}
