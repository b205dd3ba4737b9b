import { describe, expect, it } from 'vitest';
import type { AnyStateMachine, EventObject } from 'xstate';
import { raftTlaCluster } from '../models/raft/tla/index.ts';
import type { LocalEvent } from '../models/raft/tla/types.ts';
import { bfs } from '../src/checker/bfs.ts';
import { clusterModel, type ClusterAction, type ClusterModel, type ClusterState } from '../src/system/cluster.ts';
import { deliverable } from '../src/system/network.ts';
import { stateOf } from '../src/system/view.ts';
import fc from 'fast-check';
import { exploreReference, fingerprintOf, successors, type ReferenceConfig } from './support/raft-tla-reference.ts';
import { raftTlaStates } from './support/raft-tla-random.ts';
import { toTlaState } from './support/raft-tla-translate.ts';

// The statechart mirror of raft.tla is checked against a second, independent encoding of
// raft.tla's Init and Next (test/support/raft-tla-reference.ts, no XState, nothing from src/):
// their state graphs must have the same distinct states and the same states generated.

interface Config {
  readonly servers: number;
  readonly values: number;
  readonly maxTerm: number;
  readonly maxLogLength: number;
  readonly maxCopies: number;
  readonly maxInFlight: number;
}

function modelOf(c: Config): ClusterModel {
  return clusterModel({ ...raftTlaCluster({ ...c }).definition, invariants: [], witnesses: [] });
}

function referenceOf(c: Config): ReferenceConfig {
  const ids = (p: string, n: number) => Array.from({ length: n }, (_, k) => `${p}${k + 1}`);
  return { ...c, servers: ids('s', c.servers), values: ids('v', c.values) };
}

const cfg = (servers: number, maxTerm: number, maxLogLength: number, maxInFlight: number): Config => ({
  servers,
  values: 1,
  maxTerm,
  maxLogLength,
  maxCopies: 1,
  maxInFlight,
});

describe('raft.tla mirror: counts worked out by hand', () => {
  // With maxTerm 1 the only in-bound state is Init: Restart(i) leads back to it (nothing to
  // reset) and Timeout(i) leads to term 2, outside the constraint. Every other action needs a
  // candidate, a leader or a message. Generated: Init + 2 per server.
  it.each([1, 2, 3])('with %i servers and maxTerm 1: 1 distinct state, 1 + 2n generated', (n) => {
    const c: Config = { ...cfg(n, 1, 1, 2) };
    const ours = bfs(modelOf(c));
    expect([ours.distinctStates, ours.statesGenerated]).toEqual([1, 1 + 2 * n]);
    const ref = exploreReference(referenceOf(c));
    expect([ref.distinctStates, ref.statesGenerated]).toEqual([1, 1 + 2 * n]);
  });
});

describe('raft.tla mirror: one server elects itself, commits, restarts (a transcript)', () => {
  it('follows raft.tla step by step and maps each state to the paper view', () => {
    const { definition, view } = raftTlaCluster({ ...cfg(1, 3, 2, 2) });
    const model = clusterModel({ ...definition, invariants: [], witnesses: [] });
    let s = model.initialStates()[0];
    const step = (a: ClusterAction) => {
      const next = model.nextState(s, a);
      expect(next, model.describeAction(a)).toBeDefined();
      s = next!;
    };
    const local = (event: LocalEvent): ClusterAction => ({ kind: 'local', node: 's1', event });
    const deliverOnly = () => {
      const inFlight = deliverable(s.network);
      expect(inFlight).toHaveLength(1);
      step({ kind: 'deliver', node: 's1', msg: inFlight[0].msg });
    };

    // A follower cannot become leader, send AppendEntries or take client requests.
    expect(model.nextState(s, local({ type: 'BecomeLeader' }))).toBeUndefined();
    expect(model.nextState(s, local({ type: 'ClientRequest', value: 'v1' }))).toBeUndefined();
    step(local({ type: 'Timeout' })); // term 2, candidate, votedFor Nil
    expect(view(s).servers[0]).toMatchObject({ role: 'candidate', currentTerm: 2, votedFor: null });
    // No votes yet: 0 * 2 > 1 is false.
    expect(model.nextState(s, local({ type: 'BecomeLeader' }))).toBeUndefined();
    step(local({ type: 'RequestVote', peer: 's1' })); // j = i is allowed in raft.tla
    deliverOnly(); // grants its own vote: same term, equal logs, votedFor Nil
    expect(view(s).servers[0].votedFor).toBe('s1');
    deliverOnly(); // the granted response: votesResponded = votesGranted = {s1}
    expect(model.nextState(s, local({ type: 'RequestVote', peer: 's1' }))).toBeUndefined();
    step(local({ type: 'BecomeLeader' })); // 1 * 2 > 1
    // AppendEntries(i, i) is excluded by i /= j.
    expect(model.nextState(s, local({ type: 'AppendEntries', peer: 's1' }))).toBeUndefined();
    step(local({ type: 'ClientRequest', value: 'v1' }));
    step(local({ type: 'AdvanceCommitIndex' })); // {s1} is a quorum and entry 1 has term 2
    expect(view(s)).toEqual({
      servers: [{ id: 's1', role: 'leader', currentTerm: 2, votedFor: 's1', log: [{ term: 2, value: 'v1' }], commitIndex: 1, up: true }],
    });

    // Restart keeps currentTerm, votedFor and log; commitIndex, votes and indexes go back to Init.
    step({ kind: 'restart', node: 's1' });
    expect(view(s).servers[0]).toEqual({ id: 's1', role: 'follower', currentTerm: 2, votedFor: 's1', log: [{ term: 2, value: 'v1' }], commitIndex: 0, up: true });
    expect(s.nodes.s1.context).toMatchObject({ votesResponded: [], votesGranted: [], nextIndex: { s1: 1 }, matchIndex: { s1: 0 } });
  });
});

describe('raft.tla mirror: same state graph as the independent encoding of raft.tla', () => {
  // servers 1 and 2, values 1, maxCopies 1, maxTerm 1..2, maxLogLength 0..1, maxInFlight 1..2.
  const configs: Config[] = [];
  for (const maxTerm of [1, 2]) for (const maxLogLength of [0, 1]) for (const maxInFlight of [1, 2]) configs.push(cfg(1, maxTerm, maxLogLength, maxInFlight));
  configs.push(cfg(2, 1, 1, 2), cfg(2, 2, 0, 1), cfg(2, 2, 1, 1));
  // The configuration for two servers.
  configs.push(cfg(2, 2, 1, 2));

  const label = (c: Config) => `servers=${c.servers} maxTerm=${c.maxTerm} maxLogLength=${c.maxLogLength} maxInFlight=${c.maxInFlight}`;
  it.each(configs.map((c) => [label(c), c] as const))('%s', (_, c) => {
    const ref = exploreReference(referenceOf(c));
    const ours = bfs(modelOf(c));
    expect(ours.result).toBe('ok');
    expect({ distinct: ours.distinctStates, generated: ours.statesGenerated }).toEqual({ distinct: ref.distinctStates, generated: ref.statesGenerated });
  });

  it('reaches exactly the reference states, and the guards of every event are mutually exclusive', () => {
    const c = cfg(2, 2, 1, 1);
    const model = modelOf(c);
    const states = reachable(model);
    const ref = exploreReference(referenceOf(c), true);
    const servers = referenceOf(c).servers;
    const ours = new Set(states.map((s) => fingerprintOf(toTlaState(s), servers)));
    expect(ours.size).toBe(states.length); // our fingerprint and raft.tla's distinguish the same states
    expect([...ours].filter((fp) => !ref.fingerprints!.has(fp))).toEqual([]);
    expect([...ref.fingerprints!].filter((fp) => !ours.has(fp))).toEqual([]);

    // Receive(m)'s disjuncts exclude each other in raft.tla, so first-enabled-wins must never
    // have to choose: at most one guarded transition holds for any event in any state.
    const machine = model.roleOf('s1').machine;
    let eventsChecked = 0;
    for (const s of states) {
      for (const id of Object.keys(s.nodes)) {
        const events: EventObject[] = [
          ...model.roleOf(id).localEvents!({ self: id, node: s.nodes[id], state: s }),
          ...deliverable(s.network).filter((m) => m.msg.to === id).map((m) => m.msg),
        ];
        for (const event of events) {
          expect(enabledTransitions(machine, stateOf(s, id), s.nodes[id].context, event), `${id} ${event.type} in ${stateOf(s, id)}`).toBeLessThanOrEqual(1);
          eventsChecked++;
        }
      }
    }
    expect(eventsChecked).toBeGreaterThan(states.length);
  });
});

describe('raft.tla mirror: same successors as the independent encoding, from any state', () => {
  // Bounded explorations small enough for a test never reach some disjuncts (a conflicting
  // entry needs three servers and three terms), so both encodings are also compared one
  // step at a time from arbitrary states: the same successors, each as many times.
  it.each([2, 3])('with %i servers, on 400 arbitrary states, covering every disjunct of Receive', (n) => {
    const c = cfg(n, 3, 2, 4);
    const model = modelOf(c);
    const servers = referenceOf(c).servers;
    const fired = new Set<string>();
    const fp = (s: ClusterState) => fingerprintOf(toTlaState(s), servers);
    fc.assert(
      fc.property(raftTlaStates(servers), (s) => {
        const ours = model
          .actions(s)
          .map((a) => model.nextState(s, a))
          .filter((x): x is ClusterState => x !== undefined)
          .map(fp)
          .sort();
        const theirs = successors(toTlaState(s), referenceOf(c), fired)
          .map((t) => fingerprintOf(t, servers))
          .sort();
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 400, seed: 20250218 + n },
    );
    expect([...fired].sort()).toEqual(
      [
        'UpdateTerm',
        'HandleRequestVoteRequest',
        'DropStaleRequestVoteResponse',
        'HandleRequestVoteResponse',
        'HandleAppendEntriesRequest',
        'RejectAppendEntriesRequest',
        'ReturnToFollowerState',
        'AlreadyDoneWithRequest',
        'ConflictRemoveOneEntry',
        'NoConflictAppendEntry',
        'DropStaleAppendEntriesResponse',
        'HandleAppendEntriesResponse',
      ].sort(),
    );
  });
});

/** Every distinct in-bound state of `model`, breadth-first. */
function reachable(model: ClusterModel): ClusterState[] {
  const seen = new Set<string>();
  const out: ClusterState[] = [];
  for (const s of model.initialStates()) {
    if (model.withinBounds(s) && !seen.has(model.fingerprint(s))) {
      seen.add(model.fingerprint(s));
      out.push(s);
    }
  }
  for (let head = 0; head < out.length; head++) {
    for (const a of model.actions(out[head])) {
      const next = model.nextState(out[head], a);
      if (next === undefined || !model.withinBounds(next)) continue;
      const fp = model.fingerprint(next);
      if (seen.has(fp)) continue;
      seen.add(fp);
      out.push(next);
    }
  }
  return out;
}

/** How many transitions for `event` (the leaf state's, then the root's) have a guard that holds. */
function enabledTransitions(machine: AnyStateMachine, leaf: string, context: unknown, event: EventObject): number {
  const guards = machine.implementations.guards as Record<string, (args: { context: unknown; event: EventObject }) => boolean>;
  const candidates = [...(machine.root.states[leaf].transitions.get(event.type) ?? []), ...(machine.root.transitions.get(event.type) ?? [])];
  return candidates.filter((t) => t.guard === undefined || guards[t.guard as string]({ context, event })).length;
}
