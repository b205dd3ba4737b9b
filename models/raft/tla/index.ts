import type { Params } from '../../../src/model/model.ts';
import type { ClusterDefinition, ClusterState } from '../../../src/system/cluster.ts';
import { stateOf } from '../../../src/system/view.ts';
import type { RaftRole, RaftView } from '../../../spec/raft/view.ts';
import { raftTlaServerMachine } from './machine.ts';
import type { LocalEvent, ServerContext, ServerInput } from './types.ts';

/**
 * `--variant tla` of Raft: a mirror of Ongaro's raft.tla (github.com/ongardie/raft.tla,
 * newest version) whose state graph is meant to equal TLC's on raft.tla without its history
 * variables, under the CONSTRAINT
 *
 *   \A i : currentTerm[i] <= maxTerm /\ Len(log[i]) <= maxLogLength,
 *   \A m \in DOMAIN messages : messages[m] <= maxCopies,
 *   Cardinality(DOMAIN messages) <= maxInFlight.
 *
 * Servers are `s1..sN` and values `v1..vK`. See spec/raft/README.md for MCraft.tla/.cfg.
 *
 * Example: `raftTlaCluster({ servers: 2, values: 1, maxTerm: 2, maxLogLength: 1, maxCopies: 1, maxInFlight: 2 })`.
 */
export function raftTlaCluster(params: Params): {
  definition: Omit<ClusterDefinition, 'invariants' | 'actionProperties' | 'witnesses'>;
  view: (s: ClusterState) => RaftView;
} {
  const bounds = readBounds(params);
  const servers = ids('s', bounds.servers);
  const values = ids('v', bounds.values);
  const localEvents = localEventsOf(servers, values);

  const definition: Omit<ClusterDefinition, 'invariants' | 'actionProperties' | 'witnesses'> = {
    protocol: 'raft',
    variant: 'tla',
    params: { ...bounds },
    roles: [
      {
        name: 'server',
        machine: raftTlaServerMachine(servers),
        receives: [],
        // Restart(i) keeps exactly these; everything else returns to its initial value.
        persistent: ['currentTerm', 'votedFor', 'log'],
        // Every local action instance of raft.tla's Next for server i; the statechart
        // decides which are enabled (state[i], and the guards on j and votes). The very same
        // list every time, so the engine reuses the actions and steps it made of it.
        localEvents: () => localEvents,
      },
    ],
    nodes: servers.map((id) => ({ id, role: 'server', input: { id, servers } satisfies ServerInput })),
    network: 'bag',
    // Servers are interchangeable, as raft.tla is checked with Permutations(Server).
    symmetry: { groups: [servers] },
    faults: { restart: true, duplicate: true, drop: true },
    withinBounds: (s) => withinBounds(s, bounds),
  };
  return { definition, view: raftTlaView };
}

interface Bounds {
  readonly servers: number;
  readonly values: number;
  readonly maxTerm: number;
  readonly maxLogLength: number;
  readonly maxCopies: number;
  readonly maxInFlight: number;
}

function readBounds(params: Params): Bounds {
  const read = (name: keyof Bounds): number => {
    const v = params[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`raft tla: parameter ${name} must be a non-negative integer, got ${String(v)}`);
    return v;
  };
  return {
    servers: read('servers'),
    values: read('values'),
    maxTerm: read('maxTerm'),
    maxLogLength: read('maxLogLength'),
    maxCopies: read('maxCopies'),
    maxInFlight: read('maxInFlight'),
  };
}

function ids(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, k) => `${prefix}${k + 1}`);
}

function localEventsOf(servers: readonly string[], values: readonly string[]): LocalEvent[] {
  return [
    { type: 'Timeout' },
    ...servers.map((peer) => ({ type: 'RequestVote' as const, peer })),
    { type: 'BecomeLeader' },
    ...values.map((value) => ({ type: 'ClientRequest' as const, value })),
    { type: 'AdvanceCommitIndex' },
    ...servers.map((peer) => ({ type: 'AppendEntries' as const, peer })),
  ];
}

/** The CONSTRAINT, as TLC applies it: states outside are generated but not counted or expanded. */
function withinBounds(s: ClusterState, b: Bounds): boolean {
  for (const id in s.nodes) {
    const ctx = s.nodes[id].context as unknown as ServerContext;
    if (ctx.currentTerm > b.maxTerm || ctx.log.length > b.maxLogLength) return false;
  }
  if (s.network.kind !== 'bag') throw new Error('raft tla runs on a bag network');
  if (s.network.entries.length > b.maxInFlight) return false;
  return s.network.entries.every((e) => e.copies <= b.maxCopies);
}

/** The paper's view of a raft.tla state: role from the statechart, the rest from the context. */
export function raftTlaView(s: ClusterState): RaftView {
  return {
    servers: Object.keys(s.nodes).map((id) => {
      const ctx = s.nodes[id].context as unknown as ServerContext;
      return {
        id,
        role: stateOf(s, id) as RaftRole,
        currentTerm: ctx.currentTerm,
        votedFor: ctx.votedFor,
        log: ctx.log,
        commitIndex: ctx.commitIndex,
        up: !s.down.includes(id),
      };
    }),
  };
}
