import type { Invariant, Params, Witness } from '../../src/model/model.ts';
import { UsageError } from '../../src/model/errors.ts';
import { gridQuorums, sizeQuorums, type QuorumSystem } from '../../src/quorum/system.ts';
import type { ClusterDefinition, ClusterState } from '../../src/system/cluster.ts';
import { messagesOf } from '../../src/system/view.ts';
import { fpaxosInvariants, fpaxosWitnesses } from '../../spec/fpaxos/properties.ts';
import type { FPaxosView } from '../../spec/fpaxos/view.ts';
import { acceptorMachine } from './acceptor.ts';
import type { AcceptedMessage, PrepareMessage } from './messages.ts';
import { proposerMachine } from './proposer.ts';
import { clientValue, rulesFor, type FPaxosVariant } from './rules.ts';
import { ids } from '../paxos/ballots.ts';
import { recentlyComputed } from '../../src/util/recent.ts';


/**
 * The quorum system the parameters describe: `quorums=size` takes any q1 acceptors for
 * Phase 1 and any q2 for Phase 2; `quorums=grid` lays the acceptors out in `rows` rows
 * (Phase 1 = a full row, Phase 2 = a full column) and ignores q1 and q2.
 * Example: `quorumSystemOf({ acceptors: 4, quorums: 'size', q1: 2, q2: 3, ... })`.
 */
export function quorumSystemOf(params: Params): QuorumSystem {
  const acceptors = ids('a', params.acceptors as number);
  if (params.quorums === 'grid') {
    const rows = params.rows as number;
    if (acceptors.length % rows !== 0) throw new UsageError(`quorums=grid needs acceptors (${acceptors.length}) to be a multiple of rows (${rows})`);
    return gridQuorums(acceptors, rows);
  }
  for (const q of ['q1', 'q2']) {
    if ((params[q] as number) > acceptors.length) throw new UsageError(`parameter '${q}' of fpaxos must be at most acceptors (${acceptors.length}), got ${params[q]}`);
  }
  return sizeQuorums(acceptors, params.q1 as number, params.q2 as number);
}

/**
 * Flexible Paxos over a set network (every message sent stays: loss, duplication and
 * reordering come for free): proposers p1..pP, acceptors a1..aN. Ballot b's client value is
 * v((b mod V) + 1). Values are chosen by Phase 2 quorums; there are no learner nodes,
 * the properties read the votes.
 *
 * Example: `fpaxosCluster({ proposers: 2, acceptors: 4, values: 2, maxBallot: 1, quorums: 'size', q1: 2, q2: 3, rows: 2 }, 'default')`.
 */
export function fpaxosCluster(params: Params, variant: FPaxosVariant): ClusterDefinition {
  const proposers = ids('p', params.proposers as number);
  const values = params.values as number;
  const quorums = quorumSystemOf(params);
  const rules = rulesFor(variant, quorums, { proposers: proposers.length, maxBallot: params.maxBallot as number, values });
  const view = viewOf(values, quorums);
  return {
    protocol: 'fpaxos',
    variant,
    params,
    roles: [
      { name: 'proposer', machine: proposerMachine(rules), receives: [], localEvents: () => [{ type: 'NewBallot' }] },
      { name: 'acceptor', machine: acceptorMachine(), receives: ['Prepare', 'Accept'] },
    ],
    nodes: [
      ...proposers.map((id, index) => ({ id, role: 'proposer', input: { self: id, index } })),
      ...quorums.members.map((id) => ({ id, role: 'acceptor', input: { self: id } })),
    ],
    network: 'set',
    invariants: fpaxosInvariants.map((p): Invariant<ClusterState> => ({ name: p.name, source: p.source, holds: (s) => p.holds(view(s)) })),
    witnesses: fpaxosWitnesses.map((w): Witness<ClusterState> => ({ name: w.name, source: w.source, holds: (s) => w.holds(view(s)) })),
  };
}

/** A cluster state as the FPaxosView its properties read, computed once per state. */
function viewOf(values: number, quorums: QuorumSystem): (state: ClusterState) => FPaxosView {
  return recentlyComputed(
    (state: ClusterState): FPaxosView => ({
      phase2: quorums.phase2,
      votes: messagesOf<AcceptedMessage>(state, 'Accepted').map((m) => ({ acceptor: m.from, ballot: m.bal, value: m.val })),
      // A ballot's client request is made when the ballot starts; its Prepare stays in the set network.
      proposed: messagesOf<PrepareMessage>(state, 'Prepare').map((m) => clientValue(m.bal, values)),
    }),
  );
}
