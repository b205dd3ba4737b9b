import { describe, expect, it } from 'vitest';
import { coverAll } from '../src/conformance/generated.ts';
import { replayOnImpl } from '../src/conformance/replay.ts';
import { chartTransitions, transitionName, transitionOf } from '../src/conformance/transitions.ts';
import { resolveParams, variantOf } from '../src/model/protocol.ts';
import { loadProtocol } from '../src/registry.ts';
import type { ClusterState } from '../src/system/cluster.ts';
import { decodeState } from '../src/trace/itf.ts';
import { loadTrace, traceFiles } from './support/conformance-traces.ts';

const raft = await loadProtocol('raft');
const model = raft.build(resolveParams(raft, variantOf(raft, 'default'), {}), 'default');

describe('Raft statechart transitions', () => {
  it('number 25, counted by hand from models/raft/server.ts', () => {
    // Root handlers, per leaf (follower / candidate / leader), a targetless entry staying put
    // and a step-down entry going to follower (the same key in follower):
    //   RequestVote 1 + 2 + 2 = 5; AppendEntries 1 + 2 + 2 = 5; AppendEntriesResponse 1 + 2 + 2 = 5;
    //   RequestVoteResponse 1 + 2 + 2, plus the candidate's own entry to leader = 6.
    // Leaf handlers: Timeout from follower and candidate (2), ClientRequest and
    // SendAppendEntries in leader (2); the leader's AppendEntriesResponse entries stay in leader (counted).
    expect(chartTransitions('server', model.definition.roles[0].machine)).toHaveLength(25);
  });
});

describe('generated traces of Raft replayed on the implementation', () => {
  const files = traceFiles('traces/generated/raft');

  it('cover all 25 transitions', async () => {
    const covered = new Set<string>();
    for (const file of files) {
      const { trace, model: m } = await loadTrace(file);
      const states = trace.states.map((s) => decodeState(s, trace.meta.network));
      const last = trace.actions.length - 1;
      covered.add(transitionName(transitionOf(m, states[last], trace.actions[last], states[last + 1])!));
    }
    const all = chartTransitions('server', model.definition.roles[0].machine).map(transitionName);
    expect([...covered].sort()).toEqual([...all].sort());
  });

  it('are what the generator finds again: one shortest trace per transition over the generation bounds', () => {
    const run = coverAll(raft);
    expect(run.coverage).toEqual([{ role: 'server', covered: 25, total: 25, missing: [] }]);
    // A server's first Timeout is the shortest trace of all: one step.
    const timeout = run.traces.find((t) => transitionName(t.transition) === 'server: follower --Timeout--> candidate')!;
    expect(timeout.trace.actions).toHaveLength(1);
    expect(run.traces).toHaveLength(files.length);
  });

  it.each(files)('%s: the implementation agrees with every state', async (file) => {
    const { trace, model: m } = await loadTrace(file);
    expect(replayOnImpl(m, trace)).toEqual({ ok: true, steps: trace.actions.length });
  });
});

describe('the commit-old-term counterexample replayed on the correct implementation', () => {
  it('diverges at the step where the leader commits an entry of an earlier term, naming commitIndex', async () => {
    const { trace, model: m } = await loadTrace('traces/raft/commit-old-term.itf.json');
    const states = trace.states.map((s) => decodeState(s, trace.meta.network));
    // Found independently of the replay: the first step after which a leader's commitIndex
    // covers an entry whose term is below the leader's current term (the paper's Figure 8).
    const ctx = (s: ClusterState, id: string) => s.nodes[id].context as { currentTerm: number; commitIndex: number; log: { term: number }[] };
    let fired = -1;
    for (let i = 1; i < states.length && fired < 0; i++) {
      for (const id of Object.keys(states[i].nodes)) {
        const before = ctx(states[i - 1], id);
        const after = ctx(states[i], id);
        if (states[i].nodes[id].value === 'leader' && after.commitIndex > before.commitIndex && after.log[after.commitIndex - 1].term < after.currentTerm) fired = i;
      }
    }
    expect(fired).toBeGreaterThan(0);
    const outcome = replayOnImpl(m, trace);
    expect(outcome).toMatchObject({ ok: false, step: fired });
    if (!outcome.ok) {
      expect(outcome.event).toMatch(/receives AppendEntriesResponse/);
      expect(outcome.differences).toEqual([expect.stringMatching(/^s\d\.commitIndex: model 1, implementation 0$/)]);
    }
  });
});
