import type { ProtocolDefinition, VariantSpec } from '../../src/model/protocol.ts';
import { clusterModel } from '../../src/system/cluster.ts';
import { multiPaxosInvariants, multiPaxosWitnesses } from '../../spec/multipaxos/properties.ts';
import { multiPaxosCluster } from './cluster.ts';
import type { MultiPaxosVariant } from './rules.ts';

/**
 * Multi-Paxos (Lamport, "Paxos Made Simple", section 3): a replicated log where a leader runs
 * Phase 1 once for all slots and then Phase 2 per slot; a new leader re-proposes what Phase 1
 * reports and fills gaps with no-ops. See spec/multipaxos/README.md.
 *
 * Example: `soffio check multipaxos --variant skip-phase1-on-takeover`.
 */
const variants: readonly VariantSpec[] = [
  { name: 'default', description: 'Multi-Paxos as in Paxos Made Simple, sec. 3' },
  { name: 'skip-phase1-on-takeover', description: 'a new leader (any ballot after the first) proposes without running Phase 1', breaks: 'Agreement' },
  {
    name: 'no-noop-fill',
    description: 'a new leader leaves gaps empty instead of proposing no-ops: breaks no safety property, only progress (a gap is never chosen, so no learner executes past it; GapFilledWithNoop is never reached)',
  },
  { name: 'per-slot-ballot-reset', description: 'an acceptor checks an Accept only against its own vote in that slot, so a promise does not cover slots it has not voted in', breaks: 'Agreement' },
  { name: 'adopt-empty-slot', description: 'a new leader fills a gap with the value reported for it, which is none, instead of a no-op', breaks: 'Validity' },
  { name: 'learner-minority', description: 'a learner learns a slot from fewer than a majority of votes', breaks: 'LogsPrefixConsistent', defaults: { learners: 1 } },
];

export const protocol: ProtocolDefinition = {
  name: 'multipaxos',
  description: 'Multi-Paxos: a replicated log, Phase 1 once per leader, Phase 2 per slot, no-ops for gaps',
  roles: ['leader', 'acceptor', 'learner'],
  params: [
    { name: 'leaders', type: 'int', default: 1, min: 1, max: 3, description: 'leaders; leader i (from 0) owns ballots i, i + leaders, ...; one with ballots 0 and 1 is two leaders in turn' },
    { name: 'acceptors', type: 'int', default: 3, min: 1, max: 5, description: 'acceptors; a quorum is a strict majority' },
    { name: 'learners', type: 'int', default: 0, min: 0, max: 3, description: 'learners (LogsPrefixConsistent compares their logs with the chosen log)' },
    { name: 'slots', type: 'int', default: 2, min: 1, max: 4, description: 'the bound: log slots 0..slots-1' },
    { name: 'maxBallot', type: 'int', default: 1, min: 0, max: 5, description: 'the bound: ballots 0..maxBallot' },
  ],
  variants,
  properties: multiPaxosInvariants.map((p) => p.name),
  witnesses: multiPaxosWitnesses.map((w) => w.name),
  build(params, variant) {
    if (!variants.some((v) => v.name === variant)) throw new Error(`unknown variant ${variant} of multipaxos`);
    return clusterModel(multiPaxosCluster(params, variant as MultiPaxosVariant));
  },
};
