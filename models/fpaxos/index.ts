import type { ProtocolDefinition, VariantSpec } from '../../src/model/protocol.ts';
import { clusterModel } from '../../src/system/cluster.ts';
import { fpaxosInvariants, fpaxosWitnesses } from '../../spec/fpaxos/properties.ts';
import { fpaxosCluster } from './cluster.ts';
import type { FPaxosVariant } from './rules.ts';

/**
 * Flexible Paxos (Howard, Malkhi and Spiegelman, 2016): single-decree Paxos whose Phase 1 and
 * Phase 2 quorums are chosen separately, by size or as a grid. Safe exactly when every Phase
 * 1 quorum meets every Phase 2 quorum; see spec/fpaxos/README.md and `soffio quorums`.
 *
 * Example: `soffio check fpaxos --param acceptors=4 --param q1=2 --param q2=3`.
 */
const variants: readonly VariantSpec[] = [
  { name: 'default', description: 'Flexible Paxos with the quorum system of the parameters (by default N=4, Q1=2, Q2=3, the paper\'s example, one proposer with ballots 0 and 1)' },
  {
    name: 'non-intersecting',
    description: 'the default rules with Q1=2, Q2=2 of 4 acceptors: a Phase 1 quorum can miss a Phase 2 quorum',
    breaks: 'Agreement',
    defaults: { q1: 2, q2: 2 },
  },
  {
    name: 'adopt-empty-promise',
    description: 'a proposer adopts the value of the highest promise even when no promise reports a vote, proposing no value',
    breaks: 'Validity',
  },
];

export const protocol: ProtocolDefinition = {
  name: 'fpaxos',
  description: 'Flexible Paxos: Phase 1 and Phase 2 quorums set separately (by size or as a grid)',
  roles: ['proposer', 'acceptor'],
  params: [
    { name: 'proposers', type: 'int', default: 1, min: 1, max: 4, description: 'proposers; proposer i (from 0) owns ballots i, i + proposers, ...; one with two ballots already shows two leaders in turn' },
    { name: 'acceptors', type: 'int', default: 4, min: 1, max: 9, description: 'acceptors a1..aN' },
    { name: 'values', type: 'int', default: 2, min: 1, max: 4, description: 'distinct client values; ballot b asks for v((b mod values) + 1)' },
    { name: 'maxBallot', type: 'int', default: 1, min: 0, max: 7, description: 'the bound: ballots are 0..maxBallot' },
    { name: 'quorums', type: 'enum', default: 'size', choices: ['size', 'grid'], description: 'size: any q1 / q2 acceptors; grid: acceptors in `rows` rows, Phase 1 = a full row, Phase 2 = a full column' },
    { name: 'q1', type: 'int', default: 2, min: 1, max: 9, description: 'Phase 1 quorum size (quorums=size)' },
    { name: 'q2', type: 'int', default: 3, min: 1, max: 9, description: 'Phase 2 quorum size (quorums=size)' },
    { name: 'rows', type: 'int', default: 2, min: 1, max: 9, description: 'grid rows (quorums=grid); acceptors must be a multiple of it' },
  ],
  variants,
  properties: fpaxosInvariants.map((p) => p.name),
  witnesses: fpaxosWitnesses.map((w) => w.name),
  build(params, variant) {
    if (!variants.some((v) => v.name === variant)) throw new Error(`unknown variant ${variant} of fpaxos`);
    return clusterModel(fpaxosCluster(params, variant as FPaxosVariant));
  },
};
