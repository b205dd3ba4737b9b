import { describe, expect, it } from 'vitest';
import {
  conflictingEntryOverwritten,
  electionSafety,
  leaderAppendOnlyHolds,
  leaderCompleteness,
  logMatching,
  raftProperties,
  stateMachineSafety,
} from '../spec/raft/properties.ts';
import type { RaftEntry, RaftServerView, RaftView } from '../spec/raft/view.ts';
import type { ClusterAction, ClusterState } from '../src/system/cluster.ts';
import { emptyNetwork } from '../src/system/network.ts';
import type { NodeState } from '../src/system/stepper.ts';

/** The predicates of spec/raft on small views worked out by hand. */

const e = (term: number, value = 'v1'): RaftEntry => ({ term, value });
function srv(id: string, fields: Partial<RaftServerView>): RaftServerView {
  return { id, role: 'follower', currentTerm: 0, votedFor: null, log: [], commitIndex: 0, up: true, ...fields };
}
const view = (...servers: RaftServerView[]): RaftView => ({ servers });

describe('ElectionSafety', () => {
  it('two leaders of different terms are allowed; of one term they are not', () => {
    expect(electionSafety.holds(view(srv('s1', { role: 'leader', currentTerm: 1 }), srv('s2', { role: 'leader', currentTerm: 2 })))).toBe(true);
    expect(electionSafety.holds(view(srv('s1', { role: 'leader', currentTerm: 2 }), srv('s2', { role: 'leader', currentTerm: 2 })))).toBe(false);
  });
});

describe('LogMatching', () => {
  it('same term at index 2 but different entries at index 1 breaks it', () => {
    expect(logMatching.holds(view(srv('s1', { log: [e(1), e(2)] }), srv('s2', { log: [e(1, 'v2'), e(2)] })))).toBe(false);
  });
  it('logs that diverge after a shared prefix, with different terms at the divergence, keep it', () => {
    expect(logMatching.holds(view(srv('s1', { log: [e(1), e(2)] }), srv('s2', { log: [e(1), e(3), e(3)] })))).toBe(true);
  });
});

describe('LeaderCompleteness (history-free form)', () => {
  const committed = srv('s2', { currentTerm: 2, log: [e(1)], commitIndex: 1 });
  it('a leader of a term at least as late without a committed entry breaks it', () => {
    expect(leaderCompleteness.holds(view(srv('s1', { role: 'leader', currentTerm: 2, log: [] }), committed))).toBe(false);
    expect(leaderCompleteness.holds(view(srv('s1', { role: 'leader', currentTerm: 3, log: [e(3)] }), committed))).toBe(false);
  });
  it('a leader of an earlier term is not compared; one holding the entry is fine', () => {
    expect(leaderCompleteness.holds(view(srv('s1', { role: 'leader', currentTerm: 1, log: [] }), committed))).toBe(true);
    expect(leaderCompleteness.holds(view(srv('s1', { role: 'leader', currentTerm: 3, log: [e(1), e(3)] }), committed))).toBe(true);
  });
});

describe('StateMachineSafety', () => {
  it('committed prefixes must agree; uncommitted entries may differ', () => {
    expect(stateMachineSafety.holds(view(srv('s1', { log: [e(1), e(2)], commitIndex: 1 }), srv('s2', { log: [e(1), e(3)], commitIndex: 2 })))).toBe(true);
    expect(stateMachineSafety.holds(view(srv('s1', { log: [e(1)], commitIndex: 1 }), srv('s2', { log: [e(2)], commitIndex: 1 })))).toBe(false);
  });
});

describe('LeaderAppendOnly', () => {
  const before = view(srv('s1', { role: 'leader', currentTerm: 1, log: [e(1)] }));
  it('appending is fine; replacing an entry while leader of the same term is not', () => {
    expect(leaderAppendOnlyHolds(before, view(srv('s1', { role: 'leader', currentTerm: 1, log: [e(1), e(1)] })))).toBe(true);
    expect(leaderAppendOnlyHolds(before, view(srv('s1', { role: 'leader', currentTerm: 1, log: [e(2)] })))).toBe(false);
  });
  it('a leader that stepped down may lose entries', () => {
    expect(leaderAppendOnlyHolds(before, view(srv('s1', { role: 'follower', currentTerm: 2, log: [e(2)] })))).toBe(true);
  });
});

describe('ConflictingEntryOverwritten', () => {
  const follower = srv('s1', { currentTerm: 2, log: [e(1)] });
  const request = { from: 's2', to: 's1', term: 2, prevLogIndex: 0, prevLogTerm: 0, entries: [e(2)], leaderCommit: 0 };
  it('holds when a request in flight would replace an entry of another term', () => {
    expect(conflictingEntryOverwritten.holds({ servers: [follower], appendEntriesInFlight: [request] })).toBe(true);
  });
  it('does not hold for an agreeing entry, a stale request, a failed consistency check, or no request at all', () => {
    expect(conflictingEntryOverwritten.holds({ servers: [follower], appendEntriesInFlight: [{ ...request, entries: [e(1)] }] })).toBe(false);
    expect(conflictingEntryOverwritten.holds({ servers: [follower], appendEntriesInFlight: [{ ...request, term: 1 }] })).toBe(false);
    expect(conflictingEntryOverwritten.holds({ servers: [follower], appendEntriesInFlight: [{ ...request, prevLogIndex: 1, prevLogTerm: 2 }] })).toBe(false);
    expect(conflictingEntryOverwritten.holds({ servers: [follower] })).toBe(false);
  });
});

/**
 * The properties as a model checks them, on cluster states: verdicts are remembered per
 * combination of node objects (and per pair of a leader's nodes for LeaderAppendOnly), so a
 * combination met again must get the verdict it got, and a state with a server down, whose
 * view differs for the same nodes, must be judged on its own.
 */
describe('raftProperties on cluster states', () => {
  const serverNode = (role: string, currentTerm: number, log: RaftEntry[] = []): NodeState => ({ value: role, context: { currentTerm, votedFor: null, log, commitIndex: 0 } });
  const clusterView = (state: ClusterState): RaftView => ({
    servers: Object.entries(state.nodes).map(([id, n]) => ({ id, role: n.value as RaftServerView['role'], ...(n.context as Omit<RaftServerView, 'id' | 'role' | 'up'>), up: !state.down.includes(id) })),
  });
  const state = (nodes: Record<string, NodeState>, down: string[] = []): ClusterState => ({ nodes: { ...nodes }, down, network: emptyNetwork('bag') });
  const broken = (props: ReturnType<typeof raftProperties>, s: ClusterState) => props.invariants.filter((i) => !i.holds(s)).map((i) => i.name);

  it('a combination of nodes met again gets its verdict again, and a server down is judged apart', () => {
    const props = raftProperties(clusterView);
    const [l1, l2, f] = [serverNode('leader', 1), serverNode('leader', 1), serverNode('follower', 1)];
    expect(broken(props, state({ s1: l1, s2: l2, s3: f }))).toEqual(['ElectionSafety']);
    expect(broken(props, state({ s1: l1, s2: f, s3: f }))).toEqual([]);
    expect(broken(props, state({ s1: l1, s2: l2, s3: f }))).toEqual(['ElectionSafety']);
    // The same nodes with s2 down: a server down leads no one.
    expect(broken(props, state({ s1: l1, s2: l2, s3: f }, ['s2']))).toEqual([]);
    expect(broken(props, state({ s1: l1, s2: l2, s3: f }))).toEqual(['ElectionSafety']);
  });

  it('LeaderAppendOnly: the same leader step under other servers gets the same verdict', () => {
    const [appendOnly] = raftProperties(clusterView).actionProperties;
    const step = { kind: 'local', node: 's1', event: { type: 'x' } } as ClusterAction;
    const leader = serverNode('leader', 1, [e(1)]);
    const overwritten = serverNode('leader', 1, [e(1, 'v2')]);
    const appended = serverNode('leader', 1, [e(1), e(1)]);
    const [f1, f2] = [serverNode('follower', 1), serverNode('follower', 2)];
    const holds = (before: NodeState, after: NodeState, other: NodeState, down: string[] = []) => appendOnly.holds(state({ s1: before, s2: other }, down), step, state({ s1: after, s2: other }, down));
    expect(holds(leader, overwritten, f1)).toBe(false);
    expect(holds(leader, appended, f1)).toBe(true);
    expect(holds(leader, overwritten, f2)).toBe(false);
    expect(holds(leader, appended, f2)).toBe(true);
    // With a server down the step is judged directly (the property reads the role, not whether it is up).
    expect(holds(leader, overwritten, f1, ['s2'])).toBe(false);
    expect(holds(leader, appended, f1, ['s2'])).toBe(true);
  });
});
