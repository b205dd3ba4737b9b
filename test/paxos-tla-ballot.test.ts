import { describe, expect, it } from 'vitest';
import type { EventObject } from 'xstate';
import { ballotEvents, type Phase2aEvent } from '../models/paxos/tla/ballot.ts';
import type { Msg1b } from '../models/paxos/tla/messages.ts';
import type { ClusterState } from '../src/system/cluster.ts';
import type { Message } from '../src/system/message.ts';
import { emptyNetwork, send } from '../src/system/network.ts';

/**
 * The candidate events of a Paxos.tla ballot leader: Phase1a, and Phase2a for every binding
 * of the spec's existentials (quorum, value, witness) that the 1b messages of the ballot allow.
 */

const quorums = [
  ['a1', 'a2'],
  ['a1', 'a3'],
  ['a2', 'a3'],
];
const oneB = (acc: string, bal: number, mbal = -1, mval: string | null = null): Msg1b => ({ type: '1b', acc, bal, mbal, mval });

/** The view of the leader of ballot `bal` in a state whose set network holds `messages` (each a fresh object). */
function viewWith(bal: number, messages: readonly Message[]) {
  const state: ClusterState = { nodes: {}, down: [], network: send(emptyNetwork('set'), messages.map((m) => ({ ...m }))) };
  return { self: `b${bal}`, node: { value: 'leading', context: { bal } }, state };
}

const describeEvents = (events: EventObject[]) => events.map((e) => (e.type === 'Phase1a' ? 'Phase1a' : `${(e as Phase2aEvent).quorum.join('+')}:${(e as Phase2aEvent).val}:${(e as Phase2aEvent).witness}`));

describe('Paxos.tla ballot events', () => {
  it('offers Phase2a for each value and witness of each quorum whose members all sent a 1b of the ballot', () => {
    const events = ballotEvents(quorums, ['v1', 'v2'])(viewWith(1, [oneB('a1', 1), oneB('a2', 1, 0, 'v2'), oneB('a3', 0)]));
    // Only {a1, a2} sent 1b of ballot 1; a2 reports a vote, so it is a witness beside none.
    expect(describeEvents(events)).toEqual(['Phase1a', 'a1+a2:v1:null', 'a1+a2:v1:a2', 'a1+a2:v2:null', 'a1+a2:v2:a2']);
  });

  it('gives the very same event objects in every state with the same 1b messages of the ballot, and new ones when they differ', () => {
    const eventsOf = ballotEvents(quorums, ['v1']);
    const first = eventsOf(viewWith(0, [oneB('a1', 0), oneB('a2', 0)]));
    // Other messages in flight (a 1a, a 1b of another ballot), the same 1b messages of ballot 0.
    eventsOf(viewWith(0, [oneB('a3', 0)]));
    const again = eventsOf(viewWith(0, [{ type: '1a', bal: 0 }, oneB('a2', 0), oneB('a1', 0), oneB('a3', 1)]));
    expect(again).toBe(first);
    const withThird = eventsOf(viewWith(0, [oneB('a1', 0), oneB('a2', 0), oneB('a3', 0)]));
    expect(describeEvents(withThird)).toEqual(['Phase1a', 'a1+a2:v1:null', 'a1+a3:v1:null', 'a2+a3:v1:null']);
    // A 2a of the ballot sent: the same 1b messages, other events (showsSafe refuses them).
    const after2a = eventsOf(viewWith(0, [oneB('a1', 0), oneB('a2', 0), { type: '2a', bal: 0, val: 'v1' }]));
    expect(after2a).not.toBe(first);
    expect((after2a[1] as Phase2aEvent).sent2a).toBe(true);
    expect((first[1] as Phase2aEvent).sent2a).toBe(false);
  });
});
