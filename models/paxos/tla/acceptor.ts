import { assign, emit, setup } from 'xstate';
import type { Msg1a, Msg1b, Msg2a, Msg2b } from './messages.ts';

/**
 * Paxos.tla's acceptor: the variables maxBal[a], maxVBal[a], maxVal[a] as its context, and
 * its two actions as deliveries. Phase1b(a) is the delivery of a 1a message m with
 * m.bal > maxBal[a]; Phase2b(a) is the delivery of a 2a message m with m.bal >= maxBal[a].
 * The network is a set, so the message stays for other acceptors, as in the spec.
 */

export interface TlaAcceptorInput {
  readonly self: string;
}

export interface TlaAcceptorContext extends TlaAcceptorInput {
  readonly maxBal: number;
  readonly maxVBal: number;
  readonly maxVal: string | null;
}

/** The acceptor statechart of the Paxos.tla mirror. Example: `tlaAcceptorMachine()`. */
export function tlaAcceptorMachine() {
  return setup({
    types: {} as { context: TlaAcceptorContext; input: TlaAcceptorInput; events: Msg1a | Msg2a; emitted: Msg1b | Msg2b },
    guards: {
      aboveMaxBal: ({ context, event }) => event.bal > context.maxBal,
      atLeastMaxBal: ({ context, event }) => event.bal >= context.maxBal,
    },
    actions: {
      send1b: emit(({ context, event }) => ({ type: '1b' as const, acc: context.self, bal: event.bal, mbal: context.maxVBal, mval: context.maxVal })),
      raiseMaxBal: assign({ maxBal: ({ event }) => event.bal }),
      vote: assign(({ event }) => ({ maxBal: event.bal, maxVBal: event.bal, maxVal: (event as Msg2a).val })),
      send2b: emit(({ context, event }) => ({ type: '2b' as const, acc: context.self, bal: event.bal, val: (event as Msg2a).val })),
    },
  }).createMachine({
    id: 'tla-acceptor',
    context: ({ input }) => ({ ...input, maxBal: -1, maxVBal: -1, maxVal: null }),
    initial: 'acting',
    states: {
      acting: {
        on: {
          '1a': { guard: 'aboveMaxBal', actions: ['send1b', 'raiseMaxBal'] },
          '2a': { guard: 'atLeastMaxBal', actions: ['vote', 'send2b'] },
        },
      },
    },
  });
}
