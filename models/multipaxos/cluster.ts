import type { EventObject } from 'xstate';
import type { Invariant, Params, Witness } from '../../src/model/model.ts';
import type { ClusterDefinition, ClusterState, LocalView } from '../../src/system/cluster.ts';
import { contextOf, messagesOf, stateOf } from '../../src/system/view.ts';
import { multiPaxosInvariants, multiPaxosWitnesses } from '../../spec/multipaxos/properties.ts';
import type { MultiPaxosView } from '../../spec/multipaxos/view.ts';
import { acceptorMachine } from './acceptor.ts';
import { leaderMachine, type LeaderContext } from './leader.ts';
import { learnerMachine, type LearnEvent, type LearnerContext } from './learner.ts';
import type { AcceptedMessage } from './messages.ts';
import { command, rulesFor, type MultiPaxosVariant } from './rules.ts';
import { ids } from '../paxos/ballots.ts';
import { recentlyComputed } from '../../src/util/recent.ts';


/**
 * Multi-Paxos over a set network (every message sent stays): leaders p1..pL, acceptors
 * a1..aN, learners l1..lK, a log of `slots` slots, ballots 0..maxBallot (ballot b belongs to
 * leader b mod L). The new client command of ballot b in slot s is `c<b>.<s>`.
 *
 * Example: `multiPaxosCluster({ leaders: 2, acceptors: 3, learners: 1, slots: 2, maxBallot: 1 }, 'default')`.
 */
export function multiPaxosCluster(params: Params, variant: MultiPaxosVariant): ClusterDefinition {
  const sizes = { leaders: params.leaders as number, acceptors: params.acceptors as number, slots: params.slots as number, maxBallot: params.maxBallot as number };
  const rules = rulesFor(variant, sizes);
  const nodes = { leaders: ids('p', sizes.leaders), acceptors: ids('a', sizes.acceptors), learners: ids('l', params.learners as number) };
  const commands: string[] = [];
  for (let b = 0; b <= sizes.maxBallot; b++) for (let s = 0; s < sizes.slots; s++) commands.push(command(b, s));
  const view = viewOf(nodes, commands);
  return {
    protocol: 'multipaxos',
    variant,
    params,
    roles: [
      { name: 'leader', machine: leaderMachine(rules), receives: [], localEvents: () => [{ type: 'NewBallot' }, { type: 'Propose' }] },
      { name: 'acceptor', machine: acceptorMachine(rules), receives: ['Prepare', 'Accept'] },
      // Only when there are learners: a role with no node would be a role nothing runs.
      ...(nodes.learners.length > 0 ? [{ name: 'learner', machine: learnerMachine(rules), receives: [], localEvents: learnEvents }] : []),
    ],
    nodes: [
      ...nodes.leaders.map((id, index) => ({ id, role: 'leader', input: { self: id, index } })),
      ...nodes.acceptors.map((id) => ({ id, role: 'acceptor', input: { self: id } })),
      ...nodes.learners.map((id) => ({ id, role: 'learner', input: undefined })),
    ],
    network: 'set',
    invariants: multiPaxosInvariants.map((p): Invariant<ClusterState> => ({ name: p.name, source: p.source, holds: (s) => p.holds(view(s)) })),
    witnesses: multiPaxosWitnesses.map((w): Witness<ClusterState> => ({ name: w.name, source: w.source, holds: (s) => w.holds(view(s)) })),
  };
}

/** What a learner can read: for each (slot, ballot, value) some acceptor voted for, who did. */
function learnEvents(view: LocalView): EventObject[] {
  const groups = new Map<string, LearnEvent>();
  for (const m of messagesOf<AcceptedMessage>(view.state, 'Accepted')) {
    for (const e of m.entries) {
      const key = `${e.slot}|${m.bal}|${JSON.stringify(e.val)}`;
      const voters = groups.get(key)?.voters ?? [];
      if (!voters.includes(m.from)) groups.set(key, { type: 'Learn', slot: e.slot, bal: m.bal, val: e.val, voters: [...voters, m.from].sort() });
    }
  }
  return [...groups.values()];
}

function viewOf(nodes: { leaders: string[]; acceptors: string[]; learners: string[] }, commands: readonly string[]): (state: ClusterState) => MultiPaxosView {
  return recentlyComputed(
    (state: ClusterState): MultiPaxosView => ({
      acceptors: nodes.acceptors,
      votes: messagesOf<AcceptedMessage>(state, 'Accepted').flatMap((m) => m.entries.map((e) => ({ acceptor: m.from, slot: e.slot, ballot: m.bal, value: e.val }))),
      learned: nodes.learners.map((l) => contextOf<LearnerContext>(state, l).learned),
      leaders: nodes.leaders.map((p) => ({ leading: stateOf(state, p) === 'leading', ballot: contextOf<LeaderContext>(state, p).ballot })),
      commands,
    }),
  );
}
