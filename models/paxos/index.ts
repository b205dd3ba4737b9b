import type { ProtocolDefinition, VariantSpec } from '../../src/model/protocol.ts';
import { clusterModel } from '../../src/system/cluster.ts';
import { paxosInvariants, paxosWitnesses } from '../../spec/paxos/properties.ts';
import { paxosCluster } from './cluster.ts';
import type { RuleVariant } from './rules.ts';
import { paxosTlaCluster } from './tla/cluster.ts';

/**
 * Basic (single-decree) Paxos: the default model after Lamport's "Paxos Made Simple", broken
 * variants that each show why one rule matters, and `tla`, a mirror of Lamport's Paxos.tla.
 * See spec/paxos/README.md.
 *
 * Example: `clusterModel(protocol.build(resolveParams(protocol, variantOf(protocol, 'tla'), {}), 'tla'))`.
 */

const variants: readonly VariantSpec[] = [
  { name: 'default', description: "Lamport's Paxos Made Simple: proposers, acceptors, learners over a set network" },
  {
    name: 'accept-below-promise',
    description: 'an acceptor accepts a ballot lower than the one it promised',
    breaks: 'Agreement',
    // One learner is enough to show the bug and keeps the search small.
    defaults: { learners: 1 },
  },
  { name: 'ignore-accepted-value', description: 'a proposer proposes its own value even when a promise reports a vote', breaks: 'Agreement' },
  { name: 'minority-quorum', description: 'a proposer sends Accept after promises from fewer than a majority', breaks: 'Agreement' },
  { name: 'learner-minority', description: 'a learner learns a value accepted by fewer than a majority', breaks: 'LearnersAgree' },
  { name: 'adopt-empty-promise', description: 'a proposer adopts the value of the highest promise even when no promise reports a vote, proposing no value', breaks: 'Validity' },
  { name: 'tla', description: "Lamport's Paxos.tla (tlaplus/Examples), action for action", ignores: ['proposers', 'learners'] },
];

export const protocol: ProtocolDefinition = {
  name: 'paxos',
  description: 'Basic Paxos (single decree): Paxos Made Simple, and a mirror of Paxos.tla',
  roles: ['proposer', 'acceptor', 'learner', 'ballot'],
  params: [
    { name: 'proposers', type: 'int', default: 2, min: 1, max: 5, description: 'proposers; proposer i (from 0) owns ballots i, i + proposers, ...' },
    { name: 'acceptors', type: 'int', default: 3, min: 1, max: 7, description: 'acceptors; a quorum is a strict majority' },
    { name: 'values', type: 'int', default: 2, min: 1, max: 5, description: 'distinct values v1..vV; proposer i asks for v((i mod values) + 1)' },
    { name: 'maxBallot', type: 'int', default: 1, min: 0, max: 9, description: 'the bound: ballots are 0..maxBallot' },
    { name: 'learners', type: 'int', default: 2, min: 0, max: 4, description: 'learners' },
  ],
  variants,
  properties: paxosInvariants.map((p) => p.name),
  witnesses: paxosWitnesses.map((w) => w.name),
  build(params, variant) {
    if (variant === 'tla') return clusterModel(paxosTlaCluster(params));
    if (!variants.some((v) => v.name === variant)) throw new Error(`unknown variant ${variant} of paxos`);
    return clusterModel(paxosCluster(params, variant as RuleVariant));
  },
};
