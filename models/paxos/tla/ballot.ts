import type { EventObject } from 'xstate';
import { emit, setup } from 'xstate';
import type { LocalView } from '../../../src/system/cluster.ts';
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
  // sent. A set network holds one object per message content, so those messages, taken in
  // the network's order, name the list by identity: each list is made once and given again
  // in every state with the same 1b messages of the ballot. Its events are then the very
  // same objects too, so the engine finds the ballot's steps again (by node and event)
  // instead of computing a step and hashing a new 2a message for nearly every state.
  let lists = new Map<number, EventsByMessages>();
  let made = 0;
  return (view: LocalView): EventObject[] => {
    const bal = (view.node.context as unknown as BallotInput).bal;
    const oneBs = messagesOf<Msg1b>(view.state, '1b');
    const sent2a = messagesOf<Msg2a>(view.state, '2a').some((m) => m.bal === bal);
    const key = 2 * bal + (sent2a ? 1 : 0);
    let at: EventsByMessages | undefined = lists.get(key);
    if (at === undefined) lists.set(key, (at = { next: new Map() }));
    for (let k = 0; k < oneBs.length; k++) {
      const m = oneBs[k];
      if (m.bal !== bal) continue;
      let below: EventsByMessages | undefined = at.next.get(m);
      if (below === undefined) at.next.set(m, (below = { next: new Map() }));
      at = below;
    }
    if (at.events === undefined) {
      // A bound on what is kept, should messages not be one object per content.
      if (++made > MAX_EVENT_LISTS) {
        lists = new Map();
        made = 0;
      }
      at.events = phaseEvents(oneBs.filter((m) => m.bal === bal), sent2a, quorums, values);
    }
    return at.events;
  };
}

/** The event lists of one ballot (and whether its 2a was sent), by its 1b messages in network order. */
interface EventsByMessages {
  events?: EventObject[];
  readonly next: Map<Msg1b, EventsByMessages>;
}

const MAX_EVENT_LISTS = 1 << 16;

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
