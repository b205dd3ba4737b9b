import type { Params } from '../../src/model/model.ts';
import type { ProtocolDefinition } from '../../src/model/protocol.ts';
import { clusterModel, type ClusterModel } from '../../src/system/cluster.ts';
import type { NetworkKind } from '../../src/system/network.ts';
import { raftProperties, RAFT_PROPERTY_NAMES, RAFT_WITNESS_NAMES } from '../../spec/raft/properties.ts';
import { raftCluster } from './cluster.ts';
import type { StatechartVariant } from './rules.ts';
import { raftTlaCluster } from './tla/index.ts';

/**
 * Raft (Ongaro and Ousterhout, 2014) as one statechart per server with the rules of the
 * paper's Figure 2, seven broken variants that each end in a counterexample, and `tla`, a
 * mirror of Ongaro's raft.tla. See spec/raft/README.md.
 *
 * Example: `protocol.build({ servers: 3, maxTerm: 2, ... }, 'default')`, or from the CLI
 * `soffio check raft --variant commit-old-term`.
 */
export const protocol: ProtocolDefinition = {
  name: 'raft',
  description: 'Raft leader election and log replication (the paper\'s Figure 2), with broken variants and a raft.tla mirror',
  roles: ['server'],
  params: [
    { name: 'servers', type: 'int', default: 3, min: 2, max: 5, description: 'number of servers' },
    { name: 'maxTerm', type: 'int', default: 2, min: 1, max: 8, description: 'bound: highest term a server may reach' },
    { name: 'maxLogLength', type: 'int', default: 1, min: 0, max: 6, description: 'bound: longest log (client requests accepted)' },
    { name: 'values', type: 'int', default: 1, min: 1, max: 3, description: 'number of distinct client values' },
    { name: 'network', type: 'enum', default: 'bag', choices: ['bag', 'fifo', 'set'], description: 'network semantics' },
    { name: 'drop', type: 'bool', default: true, description: 'the network may drop a message' },
    { name: 'duplicate', type: 'bool', default: true, description: 'the network may duplicate a message (bag only; needs maxCopies >= 2 to matter)' },
    { name: 'crashes', type: 'bool', default: false, description: 'a server may crash and restart, keeping currentTerm, votedFor and log' },
    { name: 'maxCopies', type: 'int', default: 1, min: 1, max: 4, description: 'bound: copies of one message in flight (bag)' },
    { name: 'maxInFlight', type: 'int', default: 2, min: 1, max: 20, description: 'bound: distinct messages in flight' },
  ],
  variants: [
    { name: 'default', description: 'the rules of the Raft paper\'s Figure 2' },
    {
      name: 'no-log-check',
      description: 'votes are granted without checking that the candidate\'s log is at least as up to date (§5.4.1)',
      breaks: 'LeaderCompleteness',
      defaults: { drop: false, duplicate: false },
    },
    {
      name: 'commit-old-term',
      description: 'a leader commits an entry of an earlier term by counting replicas (the paper\'s Figure 8)',
      breaks: 'LeaderCompleteness',
      defaults: { maxTerm: 4, drop: false, duplicate: false },
    },
    {
      name: 'no-term-step-down',
      description: 'a server that sees a newer term in a message keeps its own term and role',
      breaks: 'ElectionSafety',
      // A second candidate's RequestVote must be in flight beside the first election's messages.
      defaults: { maxInFlight: 3, drop: false, duplicate: false },
    },
    {
      name: 'seed-pseudocode',
      description: 'the design article\'s pseudocode: leader on votes > peers/2, voters never adopt the term, followers commit up to their last log index',
      breaks: 'ElectionSafety',
      // Four servers, so that 2 votes (more than 3 peers / 2) elect; drops clear the first election's leftovers.
      defaults: { servers: 4, maxInFlight: 3, drop: true, duplicate: false, maxTerm: 1, maxLogLength: 0 },
    },
    {
      name: 'no-prev-term-check',
      description: 'a follower\'s AppendEntries consistency check asks only that its log reach prevLogIndex, not that the entry there be of prevLogTerm',
      breaks: 'LogMatching',
      // Three leaders of three terms, the last re-elected with an entry at index 1 and appending at index 2.
      defaults: { maxTerm: 3, maxLogLength: 2, drop: false, duplicate: false },
    },
    {
      name: 'commit-on-refusal',
      description: 'a follower that refuses an AppendEntries (older term, or log mismatch) still sets its commitIndex from leaderCommit',
      breaks: 'StateMachineSafety',
      // The receiver's timeout (two RequestVotes) must fit beside the stale AppendEntries in flight.
      defaults: { maxInFlight: 3, drop: false, duplicate: false },
    },
    {
      name: 'leader-overwrites-tail',
      description: 'a leader writes a client\'s value right after its commitIndex, over its own uncommitted entries, instead of appending it',
      breaks: 'LeaderAppendOnly',
      // With one value the overwrite writes back the very entry it replaces.
      defaults: { values: 2, drop: false, duplicate: false },
    },
    {
      name: 'tla',
      description: 'a mirror of Ongaro\'s raft.tla (its Next, its bag of messages, its Restart)',
      // The comparison configuration; raft.tla's space explodes beyond it (3 servers: > 8.6 M states).
      defaults: { servers: 2, values: 1, maxTerm: 2, maxLogLength: 1, maxCopies: 1, maxInFlight: 2 },
      ignores: ['network', 'drop', 'duplicate', 'crashes'],
    },
  ],
  properties: RAFT_PROPERTY_NAMES,
  witnesses: RAFT_WITNESS_NAMES,
  build(params: Params, variant: string): ClusterModel {
    const { definition, view } = variant === 'tla' ? raftTlaCluster(params) : raftCluster(statechartParams(params), variant as StatechartVariant);
    return clusterModel({ ...definition, ...raftProperties(view) });
  },
};

function statechartParams(p: Params) {
  return {
    servers: p.servers as number,
    maxTerm: p.maxTerm as number,
    maxLogLength: p.maxLogLength as number,
    values: p.values as number,
    network: p.network as NetworkKind,
    drop: p.drop as boolean,
    duplicate: p.duplicate as boolean,
    crashes: p.crashes as boolean,
    maxCopies: p.maxCopies as number,
    maxInFlight: p.maxInFlight as number,
  };
}
