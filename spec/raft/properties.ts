import type { ActionProperty, Invariant, Witness } from '../../src/model/model.ts';
import type { ClusterAction, ClusterState } from '../../src/system/cluster.ts';
import type { NodeState } from '../../src/system/stepper.ts';
import type { RaftEntry, RaftServerView, RaftView } from './view.ts';
import { recentlyComputed } from '../../src/util/recent.ts';
import { NodesMemo } from '../../src/system/nodes-memo.ts';

/**
 * Raft's safety properties (the Raft paper's Figure 3) and witnesses, written once over
 * RaftView so that every Raft model (the statechart, the raft.tla mirror, the broken
 * variants) checks the same predicates. Each takes the view; `raftProperties` attaches them
 * to a model's states.
 *
 * The paper: D. Ongaro and J. Ousterhout, "In Search of an Understandable Consensus Algorithm
 * (Extended Version)", 2014.
 */

export interface RaftPredicate {
  readonly name: string;
  readonly source: string;
  readonly holds: (view: RaftView) => boolean;
}

function sameEntry(a: RaftEntry | undefined, b: RaftEntry | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.term === b.term && a.value === b.value;
}

function isPrefix(a: readonly RaftEntry[], b: readonly RaftEntry[]): boolean {
  if (a === b) return true;
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameEntry(a[i], b[i])) return false;
  return true;
}

const isLeader = (s: RaftServerView) => s.role === 'leader' && s.up;
const leaders = (view: RaftView) => view.servers.filter(isLeader);

/** Election Safety: at most one leader per term. Stated over the current state: no two leaders share a term. */
export const electionSafety: RaftPredicate = {
  name: 'ElectionSafety',
  source: 'Raft paper §5.2 and Figure 3 (Election Safety)',
  holds: (view) => {
    const s = view.servers;
    for (let i = 0; i < s.length; i++) {
      if (!isLeader(s[i])) continue;
      for (let j = i + 1; j < s.length; j++) if (isLeader(s[j]) && s[j].currentTerm === s[i].currentTerm) return false;
    }
    return true;
  },
};

/**
 * Log Matching: if two logs contain an entry with the same index and term, the logs are
 * identical in all entries up through that index.
 */
export const logMatching: RaftPredicate = {
  name: 'LogMatching',
  source: 'Raft paper §5.3 and Figure 3 (Log Matching)',
  holds: (view) => {
    const s = view.servers;
    for (let i = 0; i < s.length; i++) {
      for (let j = i + 1; j < s.length; j++) {
        const a = s[i].log;
        const b = s[j].log;
        // The highest index where both logs hold an entry of the same term decides it.
        for (let k = Math.min(a.length, b.length); k >= 1; k--) {
          if (a[k - 1].term !== b[k - 1].term) continue;
          for (let m = 1; m <= k; m++) if (!sameEntry(a[m - 1], b[m - 1])) return false;
          break;
        }
      }
    }
    return true;
  },
};

/**
 * Leader Completeness, stated without history: for every leader L, every server s and every
 * index k <= s.commitIndex, if L.currentTerm >= s.currentTerm then L.log[k] equals s.log[k].
 *
 * Why a correct Raft never breaks it: s raised its commitIndex past k on the word of a
 * leader (itself, or through leaderCommit) of a term T' <= s.currentTerm, so the entry
 * s.log[k] was committed in some term T <= T' <= L.currentTerm. If L.currentTerm > T, the
 * paper's Leader Completeness puts that entry in L's log; if L.currentTerm = T, L is the one
 * leader of term T (Election Safety), which held the entry when it committed it and never
 * deletes entries (Leader Append-Only). Either way L.log[k] holds the same entry, by Log
 * Matching at index k. So a state that breaks this predicate breaks one of the paper's
 * properties. The converse does not matter: it is a sound check, not a complete one (a
 * leader of a term lower than s's is not compared).
 */
export const leaderCompleteness: RaftPredicate = {
  name: 'LeaderCompleteness',
  source: 'Raft paper §5.4.3 and Figure 3 (Leader Completeness)',
  holds: (view) => {
    for (const leader of view.servers) {
      if (!isLeader(leader)) continue;
      for (const s of view.servers) {
        if (leader.currentTerm < s.currentTerm) continue;
        for (let k = 1; k <= s.commitIndex; k++) if (!sameEntry(leader.log[k - 1], s.log[k - 1])) return false;
      }
    }
    return true;
  },
};

/**
 * State Machine Safety: no two servers apply different entries at the same index. A server
 * may apply every entry up to its commitIndex, so the committed prefixes must agree.
 */
export const stateMachineSafety: RaftPredicate = {
  name: 'StateMachineSafety',
  source: 'Raft paper §5.4.3 and Figure 3 (State Machine Safety)',
  holds: (view) => {
    const s = view.servers;
    for (let i = 0; i < s.length; i++) {
      for (let j = i + 1; j < s.length; j++) {
        const upTo = Math.min(s[i].commitIndex, s[j].commitIndex);
        for (let k = 1; k <= upTo; k++) if (!sameEntry(s[i].log[k - 1], s[j].log[k - 1])) return false;
      }
    }
    return true;
  },
};

/**
 * Leader Append-Only, over one step: a server that is leader of the same term before and
 * after the step has only appended to its log (prev's log is a prefix of next's).
 *
 * Example: a leader of term 1 whose log goes from [(1, v1)] to [(2, v1)] in one step breaks it.
 */
export function leaderAppendOnlyHolds(prev: RaftView, next: RaftView): boolean {
  for (const before of prev.servers) {
    if (before.role !== 'leader') continue;
    const after = serverNamed(next, before.id);
    if (!after || after.role !== 'leader' || after.currentTerm !== before.currentTerm) continue;
    if (!isPrefix(before.log, after.log)) return false;
  }
  return true;
}

export const LEADER_APPEND_ONLY = { name: 'LeaderAppendOnly', source: 'Raft paper §5.3 and Figure 3 (Leader Append-Only)' } as const;

export const leaderElected: RaftPredicate = {
  name: 'LeaderElected',
  source: 'Raft paper §5.2: a candidate with votes from a majority becomes leader',
  holds: (view) => leaders(view).length > 0,
};

export const entryCommitted: RaftPredicate = {
  name: 'EntryCommitted',
  source: 'Raft paper §5.3: an entry replicated on a majority is committed',
  holds: (view) => view.servers.some((s) => s.commitIndex >= 1),
};

export const leaderInTerm2OrLater: RaftPredicate = {
  name: 'LeaderInTerm2OrLater',
  source: 'Raft paper §5.2: a new election after a term ends (a second term has a leader)',
  holds: (view) => leaders(view).some((l) => l.currentTerm >= 2),
};

/**
 * A follower's conflicting entry is overwritten (§5.3). Stated without history: an
 * AppendEntries in flight to an up server, not from an older term, passes that server's
 * consistency check and carries an entry whose term differs from the one the server holds at
 * that index. Delivering it is always enabled, and the receiver then deletes its entry and
 * stores the leader's (in raft.tla after its UpdateTerm and conflict-removal steps). A state
 * cannot show that an overwrite happened without recording history, so the witness shows
 * that one is enabled; reading the step instead would need witnesses over steps in the engine.
 */
export const conflictingEntryOverwritten: RaftPredicate = {
  name: 'ConflictingEntryOverwritten',
  source: 'Raft paper §5.3 and Figure 7: a follower\'s conflicting entries are overwritten by the leader\'s',
  holds: (view) =>
    (view.appendEntriesInFlight ?? []).some((m) => {
      const s = view.servers.find((x) => x.id === m.to);
      if (!s || !s.up || m.term < s.currentTerm || m.entries.length === 0) return false;
      const prevTerm = m.prevLogIndex === 0 ? 0 : s.log[m.prevLogIndex - 1]?.term;
      if (prevTerm !== m.prevLogTerm) return false;
      const held = s.log[m.prevLogIndex];
      return held !== undefined && held.term !== m.entries[0].term;
    }),
};

export const RAFT_INVARIANTS: readonly RaftPredicate[] = [electionSafety, logMatching, leaderCompleteness, stateMachineSafety];
export const RAFT_WITNESSES: readonly RaftPredicate[] = [leaderElected, entryCommitted, leaderInTerm2OrLater, conflictingEntryOverwritten];

/** Every property name (invariants, then the action property) and every witness name, for the registry. */
export const RAFT_PROPERTY_NAMES: readonly string[] = [...RAFT_INVARIANTS.map((p) => p.name), LEADER_APPEND_ONLY.name];
export const RAFT_WITNESS_NAMES: readonly string[] = RAFT_WITNESSES.map((w) => w.name);

function serverNamed(view: RaftView, id: string): RaftServerView | undefined {
  for (const s of view.servers) if (s.id === id) return s;
  return undefined;
}

/**
 * Raft's invariants over a model's states. None reads the messages in flight, only the
 * servers of the view, so their verdicts on a state are their verdicts on any state with the
 * very same nodes and down list: they are judged together, once per combination of nodes
 * (NodesMemo; a state with a server down is judged directly), as a set of bits, one per
 * invariant broken. The last verdict is also kept by identity of the nodes record: every
 * invariant asks about the same state in turn, and a step of the network alone (a message
 * dropped or duplicated) keeps the nodes record of its parent.
 */
function onServers(predicates: readonly RaftPredicate[], viewOf: (state: ClusterState) => RaftView): Invariant<ClusterState>[] {
  const memo = new NodesMemo<number>();
  const judge = (state: ClusterState): number => {
    const view = viewOf(state);
    let broken = 0;
    for (let i = 0; i < predicates.length; i++) if (!predicates[i].holds(view)) broken |= 1 << i;
    return broken;
  };
  let nodes: ClusterState['nodes'] | undefined;
  let down: ClusterState['down'] | undefined;
  let broken = 0;
  const brokenOf = (state: ClusterState): number => {
    if (state.nodes === nodes && state.down === down) return broken;
    broken = state.down.length === 0 ? memo.of(state.nodes, judge, state) : judge(state);
    nodes = state.nodes;
    down = state.down;
    return broken;
  };
  return predicates.map((p, i) => ({ name: p.name, source: p.source, holds: (state) => (brokenOf(state) & (1 << i)) === 0 }));
}

/**
 * Leader Append-Only over a model's steps. Only a leader's log is constrained, and a server's
 * view is read off its own node: a step that left every leader's node as it was (the very
 * same object) keeps their logs, so the successor need not be read; most steps are such
 * steps. A step that replaced one leader's node, with no server down, keeps every other
 * leader's log too, so its verdict is a function of that node before and after: it is judged
 * once per such pair of nodes (NodesMemo), and the successor's view is built only then.
 */
function leaderAppendOnly(viewBefore: (state: ClusterState) => RaftView, viewOf: (state: ClusterState) => RaftView): ActionProperty<ClusterState, ClusterAction> {
  const pairs = new NodesMemo<boolean>();
  // The pair looked up, filled in for each lookup (the memo keeps the nodes, not the record).
  const pair: Record<'before' | 'after', NodeState> = { before: NO_NODE, after: NO_NODE };
  let judgedPrev: ClusterState;
  const judge = (next: ClusterState) => leaderAppendOnlyHolds(viewBefore(judgedPrev), viewOf(next));
  return {
    ...LEADER_APPEND_ONLY,
    holds: (prev, _action, next) => {
      if (prev.nodes === next.nodes) return true;
      const before = viewBefore(prev);
      let changed: string | undefined;
      for (const s of before.servers) {
        if (s.role !== 'leader' || prev.nodes[s.id] === next.nodes[s.id]) continue;
        if (changed !== undefined) return leaderAppendOnlyHolds(before, viewOf(next));
        changed = s.id;
      }
      if (changed === undefined) return true;
      if (prev.down.length > 0 || next.down.length > 0) return leaderAppendOnlyHolds(before, viewOf(next));
      pair.before = prev.nodes[changed];
      pair.after = next.nodes[changed];
      judgedPrev = prev;
      return pairs.of(pair, judge, next);
    },
  };
}

const NO_NODE: NodeState = { value: '', context: {} };

/**
 * Raft's invariants, action property and witnesses over a model's states, given how the model
 * reads its states as a RaftView: the view of server `id` must read only node `id` and
 * whether it is down. The view of a state is computed once and shared.
 *
 * Example: `clusterModel({ ...definition, ...raftProperties(view) })`.
 */
export function raftProperties(view: (state: ClusterState) => RaftView): {
  invariants: Invariant<ClusterState>[];
  actionProperties: ActionProperty<ClusterState, ClusterAction>[];
  witnesses: Witness<ClusterState>[];
} {
  const viewOf = recentlyComputed(view);
  // The checker asks about every step from one state before it moves on: its view is kept
  // apart from the successors', which would push it out of a shared cache.
  const viewBefore = recentlyComputed(view, 1);
  const onState = (p: RaftPredicate) => ({ name: p.name, source: p.source, holds: (state: ClusterState) => p.holds(viewOf(state)) });
  return {
    invariants: onServers(RAFT_INVARIANTS, viewOf),
    actionProperties: [leaderAppendOnly(viewBefore, viewOf)],
    witnesses: RAFT_WITNESSES.map(onState),
  };
}

