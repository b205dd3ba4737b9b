import type { Params } from '../../../src/model/model.ts';
import type { ClusterDefinition } from '../../../src/system/cluster.ts';
import { paxosInvariants, paxosWitnesses } from '../../../spec/paxos/properties.ts';
import { ids, minimalMajorities } from '../ballots.ts';
import { onStates, tlaView } from '../view.ts';
import { tlaAcceptorMachine } from './acceptor.ts';
import { ballotEvents, ballotMachine } from './ballot.ts';

/**
 * Lamport's Paxos.tla, action for action: acceptors a1..aN, one ballot leader b0..bB per
 * ballot 0..maxBallot, values v1..vV, quorums every majority(N)-subset of the acceptors,
 * and the set of all messages ever sent as a `set` network. Its state graph is TLC's on the
 * same constants (tested against an independent encoding and TLC's own figure).
 *
 * Example: `paxosTlaCluster({ acceptors: 3, values: 2, maxBallot: 2 })`.
 */
export function paxosTlaCluster(params: Params): ClusterDefinition {
  const acceptors = ids('a', params.acceptors as number);
  const values = ids('v', params.values as number);
  const ballots = Array.from({ length: (params.maxBallot as number) + 1 }, (_, b) => b);
  const quorums = minimalMajorities(acceptors);
  const on = onStates(tlaView(acceptors, values));
  return {
    protocol: 'paxos',
    variant: 'tla',
    params,
    roles: [
      { name: 'acceptor', machine: tlaAcceptorMachine(), receives: ['1a', '2a'] },
      { name: 'ballot', machine: ballotMachine(), receives: [], localEvents: ballotEvents(quorums, values) },
    ],
    nodes: [
      ...acceptors.map((id) => ({ id, role: 'acceptor', input: { self: id } })),
      ...ballots.map((b) => ({ id: `b${b}`, role: 'ballot', input: { bal: b } })),
    ],
    network: 'set',
    // Acceptors are interchangeable (Paxos.tla is checked with Permutations(Acceptor)).
    symmetry: { groups: [acceptors] },
    invariants: paxosInvariants.map(on.invariant),
    witnesses: paxosWitnesses.map(on.witness),
  };
}
