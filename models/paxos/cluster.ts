import type { EventObject } from 'xstate';
import type { Params } from '../../src/model/model.ts';
import type { ClusterDefinition, LocalView } from '../../src/system/cluster.ts';
import { messagesOf } from '../../src/system/view.ts';
import { paxosInvariants, paxosWitnesses } from '../../spec/paxos/properties.ts';
import { acceptorMachine } from './acceptor.ts';
import { ids } from './ballots.ts';
import { learnerMachine, type LearnEvent } from './learner.ts';
import type { AcceptedMessage } from './messages.ts';
import { proposerMachine } from './proposer.ts';
import { rulesFor, type RuleVariant } from './rules.ts';
import { defaultView, onStates } from './view.ts';
import { deepRename } from '../../src/symmetry/rename.ts';

/**
 * The default model and its broken variants: proposers p1..pP, acceptors a1..aN, learners
 * l1..lL over a set network (every message sent stays, so loss, duplication and reordering
 * are all possible). Proposer p_i's client value is v_((i-1) mod V + 1).
 *
 * Example: `paxosCluster({ proposers: 2, acceptors: 3, values: 2, maxBallot: 1, learners: 2 }, 'default')`.
 */
export function paxosCluster(params: Params, variant: RuleVariant): ClusterDefinition {
  const sizes = {
    proposers: params.proposers as number,
    acceptors: params.acceptors as number,
    values: params.values as number,
    maxBallot: params.maxBallot as number,
    learners: params.learners as number,
  };
  const rules = rulesFor(variant, sizes);
  const nodes = { proposers: ids('p', sizes.proposers), acceptors: ids('a', sizes.acceptors), learners: ids('l', sizes.learners) };
  const on = onStates(defaultView(nodes));
  return {
    protocol: 'paxos',
    variant,
    params,
    roles: [
      { name: 'proposer', machine: proposerMachine(rules), receives: [], localEvents: () => [{ type: 'NewBallot' }] },
      { name: 'acceptor', machine: acceptorMachine(rules), receives: ['Prepare', 'Accept'] },
      { name: 'learner', machine: learnerMachine(rules), receives: [], localEvents: learnEvents },
    ],
    nodes: [
      ...nodes.proposers.map((id, index) => ({ id, role: 'proposer', input: { self: id, index, value: `v${(index % sizes.values) + 1}` } })),
      ...nodes.acceptors.map((id) => ({ id, role: 'acceptor', input: { self: id } })),
      ...nodes.learners.map((id) => ({ id, role: 'learner', input: undefined })),
    ],
    network: 'set',
    // Acceptors are interchangeable, and so are learners; proposers are not (each owns its ballots).
    // A proposer keeps its promises sorted by acceptor, a set of records the generic renamer
    // does not know to sort again: without that, a renamed state is no state the model makes,
    // and the reduced search lost states (3,285 explored of 4,645 orbits at maxBallot 1).
    symmetry: { groups: [nodes.acceptors, nodes.learners], rename: renameWithSortedPromises },
    invariants: paxosInvariants.map(on.invariant),
    witnesses: paxosWitnesses.map(on.witness),
  };
}

/**
 * What a learner can read: for each (ballot, value) some acceptor voted for, the acceptors
 * that did. The learner's guard decides whether they are enough.
 */
function learnEvents(view: LocalView): EventObject[] {
  const groups = new Map<string, LearnEvent>();
  for (const m of messagesOf<AcceptedMessage>(view.state, 'Accepted')) {
    const key = `${m.bal}|${JSON.stringify(m.val)}`;
    const group = groups.get(key);
    groups.set(key, { type: 'Learn', bal: m.bal, val: m.val, voters: [...(group?.voters ?? []), m.from].sort() });
  }
  return [...groups.values()];
}

/**
 * `deepRename`, then a proposer context's promises sorted by acceptor again, as the proposer
 * keeps them. Example: renaming a1 <-> a2 in promises [a1, a2] gives [a1, a2], not [a2, a1].
 */
function renameWithSortedPromises(value: unknown, mapping: ReadonlyMap<string, string>): unknown {
  const renamed = deepRename(value, mapping);
  if (typeof renamed !== 'object' || renamed === null || !Array.isArray((renamed as { promises?: unknown }).promises)) return renamed;
  const context = renamed as { promises: readonly { acceptor: string }[] };
  return { ...context, promises: [...context.promises].sort((x, y) => (x.acceptor < y.acceptor ? -1 : x.acceptor > y.acceptor ? 1 : 0)) };
}
