import type { ClusterState } from '../../src/system/cluster.ts';
import { stateOf } from '../../src/system/view.ts';
import type { ServerContext } from '../../models/raft/tla/types.ts';
import { messageKey, type ServerState, type TlaMessage, type TlaState } from './raft-tla-reference.ts';

/**
 * Reads a state of the statechart model as a raft.tla state of the reference, so the two
 * explorations can be compared state by state, not only by their counts.
 */

const ROLE: Readonly<Record<string, ServerState>> = { follower: 'Follower', candidate: 'Candidate', leader: 'Leader' };

/** Our message field names back to raft.tla's: `term` is `mterm`, `from`/`to` are `msource`/`mdest`. */
const FIELD: Readonly<Record<string, string>> = {
  type: 'mtype',
  from: 'msource',
  to: 'mdest',
  term: 'mterm',
  lastLogTerm: 'mlastLogTerm',
  lastLogIndex: 'mlastLogIndex',
  voteGranted: 'mvoteGranted',
  prevLogIndex: 'mprevLogIndex',
  prevLogTerm: 'mprevLogTerm',
  entries: 'mentries',
  commitIndex: 'mcommitIndex',
  success: 'msuccess',
  matchIndex: 'mmatchIndex',
};

export function toTlaState(s: ClusterState): TlaState {
  const ids = Object.keys(s.nodes);
  const ctx = (i: string) => s.nodes[i].context as unknown as ServerContext;
  const per = <V>(f: (i: string) => V): Record<string, V> => Object.fromEntries(ids.map((i) => [i, f(i)]));
  if (s.network.kind !== 'bag') throw new Error('expected a bag network');
  const messages = new Map<string, number>();
  for (const e of s.network.entries) {
    const m: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e.msg)) {
      const name = FIELD[k];
      if (name === undefined) throw new Error(`message field ${k} has no raft.tla name`);
      // Entries as the reference builds them: {term, value} in that order.
      m[name] = k === 'entries' ? (v as { term: number; value: string }[]).map((x) => ({ term: x.term, value: x.value })) : v;
    }
    messages.set(messageKey(m as TlaMessage), e.copies);
  }
  return {
    messages,
    currentTerm: per((i) => ctx(i).currentTerm),
    state: per((i) => ROLE[stateOf(s, i)]),
    votedFor: per((i) => ctx(i).votedFor),
    log: per((i) => ctx(i).log.map((x) => ({ term: x.term, value: x.value }))),
    commitIndex: per((i) => ctx(i).commitIndex),
    votesResponded: per((i) => ctx(i).votesResponded),
    votesGranted: per((i) => ctx(i).votesGranted),
    nextIndex: per((i) => ctx(i).nextIndex),
    matchIndex: per((i) => ctx(i).matchIndex),
  };
}
