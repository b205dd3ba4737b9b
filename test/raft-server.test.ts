import { describe, expect, it } from 'vitest';
import { xstateStepper, type NodeState } from '../src/system/stepper.ts';
import { resolveParams, variantOf } from '../src/model/protocol.ts';
import type { ClusterState } from '../src/system/cluster.ts';
import { protocol } from '../models/raft/index.ts';
import { PAPER_RULES, VARIANT_RULES } from '../models/raft/rules.ts';
import { raftServerMachine } from '../models/raft/server.ts';
import type { ServerContext } from '../models/raft/types.ts';

/** One server's statechart, event by event, against the rules of the Raft paper's Figure 2. */

const servers = ['s1', 's2', 's3'];
const stepper = xstateStepper(raftServerMachine(PAPER_RULES, 3));

function server(value: string, context: Partial<ServerContext>): NodeState {
  const fresh = stepper.initial({ id: 's1', servers });
  return { value, context: { ...fresh.context, ...context } };
}

describe('rules for all servers: a newer term is adopted, the vote cleared, the server follows', () => {
  it('a follower that voted in term 1 gets RequestVote of term 3: adopts 3, and its vote is free again', () => {
    const r = stepper.step(server('follower', { currentTerm: 1, votedFor: 's2' }), { type: 'RequestVote', from: 's3', to: 's1', term: 3, lastLogIndex: 0, lastLogTerm: 0 } as never)!;
    expect(r.node.value).toBe('follower');
    expect(r.node.context).toMatchObject({ currentTerm: 3, votedFor: 's3' });
    expect(r.sent).toEqual([{ type: 'RequestVoteResponse', from: 's1', to: 's3', term: 3, voteGranted: true }]);
  });

  it('a leader that gets a refusal of a newer term becomes follower of that term and forgets nextIndex', () => {
    const leader = server('leader', { currentTerm: 2, votedFor: 's1', nextIndex: { s2: 1, s3: 1 }, matchIndex: { s2: 0, s3: 0 } });
    const r = stepper.step(leader, { type: 'AppendEntriesResponse', from: 's2', to: 's1', term: 4, success: false, matchIndex: 0 } as never)!;
    expect(r.node.value).toBe('follower');
    expect(r.node.context).toMatchObject({ currentTerm: 4, votedFor: null, nextIndex: {}, matchIndex: {} });
    expect(r.sent).toEqual([]);
  });

  it('a candidate that gets AppendEntries of its own term follows that leader and stores the entry', () => {
    const candidate = server('candidate', { currentTerm: 2, votedFor: 's1', votesGranted: ['s1'] });
    const entry = { term: 2, value: 'v1' };
    const r = stepper.step(candidate, { type: 'AppendEntries', from: 's2', to: 's1', term: 2, prevLogIndex: 0, prevLogTerm: 0, entries: [entry], leaderCommit: 0 } as never)!;
    expect(r.node.value).toBe('follower');
    expect(r.node.context).toMatchObject({ currentTerm: 2, votedFor: 's1', log: [entry], votesGranted: [] });
    expect(r.sent).toEqual([{ type: 'AppendEntriesResponse', from: 's1', to: 's2', term: 2, success: true, matchIndex: 1 }]);
  });
});

describe('RPCs of an older term are refused with the receiver\'s term', () => {
  it('AppendEntries of term 1 to a server of term 2: refused, log unchanged', () => {
    const follower = server('follower', { currentTerm: 2, log: [{ term: 2, value: 'v1' }] });
    const r = stepper.step(follower, { type: 'AppendEntries', from: 's2', to: 's1', term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [{ term: 1, value: 'v1' }], leaderCommit: 1 } as never)!;
    expect(r.node.context).toMatchObject({ currentTerm: 2, log: [{ term: 2, value: 'v1' }], commitIndex: 0 });
    expect(r.sent).toEqual([{ type: 'AppendEntriesResponse', from: 's1', to: 's2', term: 2, success: false, matchIndex: 0 }]);
  });

  it('RequestVote of term 1 to a server of term 2: refused', () => {
    const r = stepper.step(server('follower', { currentTerm: 2 }), { type: 'RequestVote', from: 's2', to: 's1', term: 1, lastLogIndex: 5, lastLogTerm: 1 } as never)!;
    expect(r.node.context).toMatchObject({ currentTerm: 2, votedFor: null });
    expect(r.sent).toEqual([{ type: 'RequestVoteResponse', from: 's1', to: 's2', term: 2, voteGranted: false }]);
  });
});

describe('elections', () => {
  it('a follower\'s timeout starts term 1, votes for itself and asks both peers', () => {
    const r = stepper.step(server('follower', {}), { type: 'Timeout' })!;
    expect(r.node.value).toBe('candidate');
    expect(r.node.context).toMatchObject({ currentTerm: 1, votedFor: 's1', votesGranted: ['s1'] });
    expect(r.sent.map((m) => m.to)).toEqual(['s2', 's3']);
  });

  it('the second vote of three elects; the leader then sends from nextIndex = its log length + 1', () => {
    const candidate = server('candidate', { currentTerm: 1, votedFor: 's1', votesGranted: ['s1'], log: [{ term: 1, value: 'v1' }] });
    const r = stepper.step(candidate, { type: 'RequestVoteResponse', from: 's3', to: 's1', term: 1, voteGranted: true } as never)!;
    expect(r.node.value).toBe('leader');
    expect(r.node.context).toMatchObject({ nextIndex: { s2: 2, s3: 2 }, matchIndex: { s2: 0, s3: 0 }, votesGranted: [] });
    const hb = stepper.step(r.node, { type: 'SendAppendEntries', to: 's2' } as never)!;
    expect(hb.sent).toEqual([{ type: 'AppendEntries', from: 's1', to: 's2', term: 1, prevLogIndex: 1, prevLogTerm: 1, entries: [], leaderCommit: 0 }]);
  });

  it('the no-log-check variant grants a vote to a candidate with an empty log; the paper\'s rules do not', () => {
    const voter = { currentTerm: 1, log: [{ term: 1, value: 'v1' }] };
    const request = { type: 'RequestVote', from: 's2', to: 's1', term: 2, lastLogIndex: 0, lastLogTerm: 0 } as never;
    expect(stepper.step(server('follower', voter), request)!.sent[0]).toMatchObject({ voteGranted: false });
    const loose = xstateStepper(raftServerMachine(VARIANT_RULES['no-log-check'], 3));
    expect(loose.step(server('follower', voter), request)!.sent[0]).toMatchObject({ voteGranted: true });
  });
});

describe('a crash and restart keeps currentTerm, votedFor and log, and nothing else', () => {
  it('a leader of term 1 with a committed entry restarts as a follower of term 1 with its log and commitIndex 0', () => {
    const def = protocol;
    const model = def.build(resolveParams(def, variantOf(def, 'default'), { crashes: true, servers: 3 }), 'default');
    const [init] = model.initialStates();
    const entry = { term: 1, value: 'v1' };
    const s1 = { value: 'leader', context: { ...init.nodes.s1.context, currentTerm: 1, votedFor: 's1', log: [entry], commitIndex: 1, nextIndex: { s2: 2, s3: 2 }, matchIndex: { s2: 1, s3: 0 } } };
    const state: ClusterState = { ...init, nodes: { ...init.nodes, s1 } };
    const after = model.nextState(state, { kind: 'restart', node: 's1' })!;
    expect(after.nodes.s1.value).toBe('follower');
    expect(after.nodes.s1.context).toMatchObject({ currentTerm: 1, votedFor: 's1', log: [entry], commitIndex: 0, nextIndex: {}, matchIndex: {}, votesGranted: [] });
  });
});
