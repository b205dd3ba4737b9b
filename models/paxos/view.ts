import type { Invariant, Witness } from '../../src/model/model.ts';
import type { ClusterState } from '../../src/system/cluster.ts';
import { contextOf, messagesOf, stateOf } from '../../src/system/view.ts';
import { chosenValues } from '../../spec/paxos/chosen.ts';
import type { PaxosView } from '../../spec/paxos/view.ts';
import type { AcceptedMessage } from './messages.ts';
import type { ProposerContext } from './proposer.ts';
import type { LearnerContext } from './learner.ts';
import { recentlyComputed } from '../../src/util/recent.ts';
import { ByMessages } from '../../src/system/by-messages.ts';
import type { Message } from '../../src/system/message.ts';

/** How the default model's nodes are named; the view needs to know who is who. */
export interface DefaultNodes {
  readonly proposers: readonly string[];
  readonly acceptors: readonly string[];
  readonly learners: readonly string[];
}

/**
 * The default model as a PaxosView: votes are the Accepted messages, a proposer's client
 * value counts as proposed once it has started a ballot, learners report what they learned.
 * Example: `defaultView(nodes)(state).votes`.
 */
export function defaultView(nodes: DefaultNodes): (state: ClusterState) => PaxosView {
  return (state) => ({
    acceptors: nodes.acceptors,
    votes: messagesOf<AcceptedMessage>(state, 'Accepted').map((m) => ({ acceptor: m.from, ballot: m.bal, value: m.val })),
    proposed: nodes.proposers.filter((p) => contextOf<ProposerContext>(state, p).ballot >= 0).map((p) => contextOf<ProposerContext>(state, p).value),
    learned: nodes.learners.filter((l) => stateOf(state, l) === 'learned').map((l) => contextOf<LearnerContext>(state, l).learned),
  });
}

/**
 * The Paxos.tla mirror as a PaxosView. Votes are the 2b messages. Paxos.tla has no clients:
 * a ballot leader may propose any value, so every value counts as proposed. It has no
 * learners either; a learner that reads every 2b message learns exactly the chosen values,
 * so `learned` is the chosen values and LearnersAgree there says the same as Agreement.
 * Example: `tlaView(['a1', 'a2', 'a3'], ['v1', 'v2'])(state).learned`.
 */
export function tlaView(acceptors: readonly string[], values: readonly string[]): (state: ClusterState) => PaxosView {
  const compute = (state: ClusterState): PaxosView => {
    const votes = messagesOf<{ type: '2b'; acc: string; bal: number; val: string }>(state, '2b').map((m) => ({ acceptor: m.acc, ballot: m.bal, value: m.val }));
    const partial = { acceptors, votes, proposed: values, learned: [] };
    return { ...partial, learned: chosenValues(partial) };
  };
  // The view reads the 2b messages alone: one view per set of them, shared by every state
  // that holds that set (most steps send no 2b).
  const byVotes = new ByMessages<PaxosView, ClusterState>();
  return (state) => byVotes.of(state, 0, isVote, compute, state);
}

function isVote(m: Message): boolean {
  return m.type === '2b';
}

/**
 * Properties over the view, as properties of cluster states. The view of a state is computed
 * once and shared by all the properties that read it; a property judges a view once, and
 * gives its verdict again while successive states share that view object (tlaView shares
 * one among every state with the same votes).
 * Example: `paxosInvariants.map(onStates(defaultView(nodes)).invariant)`.
 */
export function onStates(compute: (state: ClusterState) => PaxosView) {
  const view = recentlyComputed(compute);
  const judged = (holds: (view: PaxosView) => boolean) => {
    let last: PaxosView | undefined;
    let verdict = true;
    return (s: ClusterState): boolean => {
      const v = view(s);
      if (v !== last) {
        verdict = holds(v);
        last = v;
      }
      return verdict;
    };
  };
  return {
    invariant: (p: Invariant<PaxosView>): Invariant<ClusterState> => ({ name: p.name, source: p.source, holds: judged(p.holds) }),
    witness: (w: Witness<PaxosView>): Witness<ClusterState> => ({ name: w.name, source: w.source, holds: judged(w.holds) }),
  };
}
