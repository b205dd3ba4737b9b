import type { Params } from '../../src/model/model.ts';
import type { ClusterDefinition, ClusterState } from '../../src/system/cluster.ts';
import { inFlightCount, maxCopies, type NetworkKind } from '../../src/system/network.ts';
import { messagesOf } from '../../src/system/view.ts';
import type { NodeState } from '../../src/system/stepper.ts';
import { recentlyComputed } from '../../src/util/recent.ts';
import type { RaftAppendEntriesView, RaftRole, RaftServerView, RaftView } from '../../spec/raft/view.ts';
import { VARIANT_RULES, type StatechartVariant } from './rules.ts';
import { raftServerMachine } from './server.ts';
import { PERSISTENT_FIELDS, type AppendEntries, type LocalEvent, type ServerContext } from './types.ts';

/** The sizes and bounds of a statechart Raft cluster (see `protocol.params` in index.ts). */
export interface RaftClusterParams {
  readonly servers: number;
  readonly maxTerm: number;
  readonly maxLogLength: number;
  readonly values: number;
  readonly network: NetworkKind;
  readonly drop: boolean;
  readonly duplicate: boolean;
  readonly crashes: boolean;
  readonly maxCopies: number;
  readonly maxInFlight: number;
}

/** Server ids `s1`..`sN`. Example: `serverIds(3)` is `['s1', 's2', 's3']`. */
export function serverIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `s${i + 1}`);
}

/** Client values `v1`..`vN`. Example: `valueNames(2)` is `['v1', 'v2']`. */
export function valueNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `v${i + 1}`);
}

/**
 * The cluster of the statechart model, without its properties (index.ts attaches those), and
 * the map from its states to the RaftView the properties read.
 *
 * Example: `raftCluster(params, 'default').definition.nodes.length === params.servers`.
 */
export function raftCluster(params: RaftClusterParams, variant: StatechartVariant): {
  definition: Omit<ClusterDefinition, 'invariants' | 'actionProperties' | 'witnesses'>;
  view: (state: ClusterState) => RaftView;
} {
  const ids = serverIds(params.servers);
  const values = valueNames(params.values);
  const machine = raftServerMachine(VARIANT_RULES[variant], params.servers);

  // Which local events a node offers, by role; the statechart still decides each one. The
  // lists are made once: they are asked for at every state the checker expands.
  const timeout: LocalEvent[] = [{ type: 'Timeout' }];
  const leaderEvents = new Map(
    ids.map((self) => [
      self,
      [
        ...values.map((value): LocalEvent => ({ type: 'ClientRequest', value })),
        ...ids.filter((id) => id !== self).map((to): LocalEvent => ({ type: 'SendAppendEntries', to })),
      ],
    ]),
  );
  function localEvents({ self, node }: { self: string; node: { value: unknown } }): LocalEvent[] {
    return node.value === 'leader' ? leaderEvents.get(self)! : timeout;
  }

  // TLC's CONSTRAINT: terms, logs and the network stay within the bounds.
  function withinBounds(state: ClusterState): boolean {
    for (const id of ids) {
      const c = state.nodes[id].context as unknown as ServerContext;
      if (c.currentTerm > params.maxTerm || c.log.length > params.maxLogLength) return false;
    }
    return inFlightCount(state.network) <= params.maxInFlight && maxCopies(state.network) <= params.maxCopies;
  }

  const modelParams: Params = { ...params };
  return {
    definition: {
      protocol: 'raft',
      variant,
      params: modelParams,
      roles: [{ name: 'server', machine, receives: [], persistent: PERSISTENT_FIELDS, localEvents }],
      nodes: ids.map((id) => ({ id, role: 'server', input: { id, servers: ids } })),
      network: params.network,
      // Servers are interchangeable: no rule breaks a tie by server id.
      symmetry: { groups: [ids] },
      faults: { drop: params.drop, duplicate: params.duplicate, restart: params.crashes },
      withinBounds,
    },
    view: raftViews(),
  };
}

/**
 * Reads the states of the statechart model as the paper's variables (spec/raft/view.ts), with
 * the AppendEntries requests in flight. The view of a server is made once for a node that
 * successive states share. Example: `raftViews()(model.initialStates()[0]).servers[0].currentTerm === 0`.
 */
function raftViews(): (state: ClusterState) => RaftView {
  const upView = rememberedServerViews();
  return (state) => new StatechartRaftView(state, upView);
}

/**
 * A RaftView read off a cluster state when asked: the checker takes the view of every
 * generated state for Leader Append-Only, which reads the next state's servers only when
 * the previous state has a leader, and one witness alone reads the AppendEntries in flight.
 */
class StatechartRaftView implements RaftView {
  private serverViews: RaftServerView[] | undefined;

  constructor(
    private readonly state: ClusterState,
    private readonly upView: (id: string, node: NodeState) => RaftServerView,
  ) {}

  get servers(): readonly RaftServerView[] {
    return (this.serverViews ??= serversOf(this.state, this.upView));
  }

  get appendEntriesInFlight(): RaftAppendEntriesView[] {
    return (messagesOf(this.state, 'AppendEntries') as unknown as readonly AppendEntries[]).map((m) => ({
      from: m.from,
      to: m.to,
      term: m.term,
      prevLogIndex: m.prevLogIndex,
      prevLogTerm: m.prevLogTerm,
      entries: m.entries,
      leaderCommit: m.leaderCommit,
    }));
  }
}

function serversOf(state: ClusterState, upView: (id: string, node: NodeState) => RaftServerView): RaftServerView[] {
  let count = 0;
  for (const _ in state.nodes) count++;
  const servers: RaftServerView[] = new Array(count);
  let i = 0;
  for (const id in state.nodes) {
    const node = state.nodes[id];
    const up = state.down.length === 0 || !state.down.includes(id);
    servers[i++] = up ? upView(id, node) : serverView(id, node, false);
  }
  return servers;
}

/**
 * The views of servers that are up, remembered per server by its node: the successors of a
 * state share every node but the one a step changed, so most of their views are the parent's.
 */
function rememberedServerViews(): (id: string, node: NodeState) => RaftServerView {
  const byServer = new Map<string, (node: NodeState) => RaftServerView>();
  return (id, node) => {
    let view = byServer.get(id);
    if (view === undefined) byServer.set(id, (view = recentlyComputed((n: NodeState) => serverView(id, n, true), 2)));
    return view(node);
  };
}

function serverView(id: string, node: NodeState, up: boolean): RaftServerView {
  const c = node.context as unknown as ServerContext;
  return { id, role: node.value as RaftRole, currentTerm: c.currentTerm, votedFor: c.votedFor, log: c.log, commitIndex: c.commitIndex, up };
}
