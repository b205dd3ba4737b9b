import type { EventObject } from 'xstate';
import { emit, setup } from 'xstate';
import type { ClusterState, LocalView } from '../../../src/system/cluster.ts';
import { ByMessages } from '../../../src/system/by-messages.ts';
import type { Message } from '../../../src/system/message.ts';
import { messagesOf } from '../../../src/system/view.ts';
import type { Msg1a, Msg1b, Msg2a } from './messages.ts';

/**
 * The leader of one ballot b in Paxos.tla: stateless, it only sends. Its two local events are
 * the spec's Phase1a(b) (always enabled) and Phase2a(b, v). A Phase2a event carries the
 * binding of the spec's existentials that it read off the message set: a quorum Q, the 1b
 * messages of ballot b from Q, which of them (if any) shows v safe, and whether a 2a of
 * ballot b was already sent. The named guard `showsSafe` decides, as the spec's conjuncts do.
 */

export interface BallotInput {
  readonly bal: number;
}

export interface Phase2aEvent {
  readonly type: 'Phase2a';
  readonly val: string;
  readonly quorum: readonly string[];
  /** The 1b messages of this ballot sent by members of `quorum` (Q1b in the spec). */
  readonly oneBs: readonly Msg1b[];
  /** The acceptor of the 1b message m that makes v safe; null for the `Q1bv = {}` case. */
  readonly witness: string | null;
  /** True when some 2a message of this ballot is already in the message set. */
  readonly sent2a: boolean;
}

export type BallotEvent = { readonly type: 'Phase1a' } | Phase2aEvent;

/**
 * The second and first conjuncts of Phase2a(b, v): no 2a of ballot b yet, every member of Q
 * sent a 1b of ballot b, and either none of them voted or `witness` reports a vote for v with
 * the highest mbal among them.
 * Example: 1b messages (a1, mbal 0, v2) and (a2, mbal -1) with witness a1 show v2 safe.
 */
export function showsSafe(event: Phase2aEvent): boolean {
  if (event.sent2a) return false;
  const { quorum, oneBs, witness } = event;
  for (const a of quorum) if (!sentBy(oneBs, a)) return false;
  // The highest mbal among the votes reported (-1: none), and the witness's 1b if it voted.
  let highest = -1;
  let reported: Msg1b | undefined;
  for (const m of oneBs) {
    if (m.mbal < 0) continue;
    if (m.mbal > highest) highest = m.mbal;
    if (m.acc === witness && reported === undefined) reported = m;
  }
  if (witness === null) return highest < 0;
  return reported !== undefined && reported.mval === event.val && reported.mbal === highest;
}

function sentBy(oneBs: readonly Msg1b[], acceptor: string): boolean {
  for (const m of oneBs) if (m.acc === acceptor) return true;
  return false;
}

/** The ballot-leader statechart. Example: `ballotMachine()`. */
export function ballotMachine() {
  return setup({
    types: {} as { context: BallotInput; input: BallotInput; events: BallotEvent; emitted: Msg1a | Msg2a },
    guards: {
      showsSafe: ({ event }) => showsSafe(event as Phase2aEvent),
    },
    actions: {
      send1a: emit(({ context }) => ({ type: '1a' as const, bal: context.bal })),
      send2a: emit(({ context, event }) => ({ type: '2a' as const, bal: context.bal, val: (event as Phase2aEvent).val })),
    },
  }).createMachine({
    id: 'tla-ballot',
    context: ({ input }) => ({ ...input }),
    initial: 'leading',
    states: {
      leading: {
        on: {
          Phase1a: { actions: 'send1a' },
          Phase2a: { guard: 'showsSafe', actions: 'send2a' },
        },
      },
    },
  });
}

/**
 * The candidate events of a ballot leader (its ballot is in its context): Phase1a, and Phase2a for every value v, quorum Q whose
 * members all sent a 1b of ballot `bal`, and witness (none, or each such 1b that reports a
 * vote) — the bindings TLC enumerates for Phase2a's existentials, so that both count one
 * generated state per enabled binding. Example: `ballotEvents(quorums, values)(view)`.
 */
export function ballotEvents(quorums: readonly (readonly string[])[], values: readonly string[]) {
  // The events of a ballot depend only on its 1b messages and on whether a 2a of it was
  // sent: each list is made once per set of those messages (ByMessages) and given again in
  // every state that holds them. Its events are then the very same objects too, so the
  // engine finds the ballot's steps again (by node and event) instead of computing a step
  // and hashing a new 2a message for nearly every state.
  const lists = new ByMessages<EventObject[], Asked>();
  const asked: Asked = { bal: 0, sent2a: false, state: undefined as unknown as ClusterState };
  const make = (a: Asked) => phaseEvents(messagesOf<Msg1b>(a.state, '1b').filter((m) => m.bal === a.bal), a.sent2a, quorums, values);
  return (view: LocalView): EventObject[] => {
    const bal = (view.node.context as unknown as BallotInput).bal;
    asked.bal = bal;
    asked.state = view.state;
    asked.sent2a = messagesOf<Msg2a>(view.state, '2a').some((m) => m.bal === bal);
    return lists.of(view.state, 2 * bal + (asked.sent2a ? 1 : 0), isOneBOfBallot, make, asked);
  };
}

/** What a ballot's events are asked for with (one object, reused). */
interface Asked {
  bal: number;
  sent2a: boolean;
  state: ClusterState;
}

function isOneBOfBallot(m: Message, a: Asked): boolean {
  return m.type === '1b' && (m as Msg1b).bal === a.bal;
}

function phaseEvents(oneBsOfBallot: readonly Msg1b[], sent2a: boolean, quorums: readonly (readonly string[])[], values: readonly string[]): EventObject[] {
  const out: EventObject[] = [{ type: 'Phase1a' }];
  for (const quorum of quorums) {
    const oneBs = oneBsOfBallot.filter((m) => quorum.includes(m.acc));
    if (oneBs.length < quorum.length) continue;
    const witnesses = [null, ...oneBs.filter((m) => m.mbal >= 0).map((m) => m.acc)];
    for (const val of values) {
      for (const witness of witnesses) {
        const event: Phase2aEvent = { type: 'Phase2a', val, quorum, oneBs, witness, sent2a };
        out.push(event);
      }
    }
  }
  return out;
}
