import { assign, emit, setup } from 'xstate';
import type { AcceptedMessage, AcceptMessage, Entry, PrepareMessage, PromiseMessage, SlotVote } from './messages.ts';
import type { MultiPaxosRules } from './rules.ts';

/**
 * A Multi-Paxos acceptor: one promise for the whole log, and its last vote in each slot.
 * Prepare(b) above the promise: promise b and report every slot's last vote. Accept(b,
 * entries) allowed by the rules (by default: b at least the promise): vote for every entry
 * and announce the votes.
 */

export interface AcceptorInput {
  readonly self: string;
}

export interface AcceptorContext extends AcceptorInput {
  /** The highest ballot promised or voted in, -1 before any. */
  readonly promised: number;
  /** The last vote in each slot voted in, sorted by slot. */
  readonly votes: readonly SlotVote[];
}

function withVotes(votes: readonly SlotVote[], bal: number, entries: readonly Entry[]): SlotVote[] {
  const kept = votes.filter((v) => !entries.some((e) => e.slot === v.slot));
  return [...kept, ...entries.map((e) => ({ slot: e.slot, bal, val: e.val }))].sort((x, y) => x.slot - y.slot);
}

/** The acceptor statechart under `rules`. Example: `acceptorMachine(rulesFor('default', sizes))`. */
export function acceptorMachine(rules: MultiPaxosRules) {
  return setup({
    types: {} as { context: AcceptorContext; input: AcceptorInput; events: PrepareMessage | AcceptMessage; emitted: PromiseMessage | AcceptedMessage },
    guards: {
      isAbovePromise: ({ context, event }) => event.bal > context.promised,
      mayAcceptAll: ({ context, event }) => (event as AcceptMessage).entries.every((e) => rules.mayAccept(event.bal, e.slot, context.promised, context.votes)),
    },
    actions: {
      sendPromise: emit(({ context, event }) => ({ type: 'Promise' as const, from: context.self, to: event.from, bal: event.bal, votes: context.votes })),
      promise: assign({ promised: ({ event }) => event.bal }),
      vote: assign(({ context, event }) => ({
        promised: Math.max(context.promised, event.bal),
        votes: withVotes(context.votes, event.bal, (event as AcceptMessage).entries),
      })),
      sendAccepted: emit(({ context, event }) => ({ type: 'Accepted' as const, from: context.self, bal: event.bal, entries: (event as AcceptMessage).entries })),
    },
  }).createMachine({
    id: 'multipaxos-acceptor',
    context: ({ input }) => ({ ...input, promised: -1, votes: [] }),
    initial: 'active',
    states: {
      active: {
        on: {
          Prepare: { guard: 'isAbovePromise', actions: ['sendPromise', 'promise'] },
          Accept: { guard: 'mayAcceptAll', actions: ['vote', 'sendAccepted'] },
        },
      },
    },
  });
}
