import { describe, expect, it } from 'vitest';
import { bfs } from '../src/checker/bfs.ts';
import { coveringTraces, generationModel } from '../src/conformance/generated.ts';
import { replayOnImpl, replayStatesOnImpl } from '../src/conformance/replay.ts';
import { chartTransitions, transitionName, transitionOf } from '../src/conformance/transitions.ts';
import { resolveParams, variantOf } from '../src/model/protocol.ts';
import { loadProtocol } from '../src/registry.ts';
import type { ClusterModel, ClusterState } from '../src/system/cluster.ts';
import { decodeState, fromItf, toItf } from '../src/trace/itf.ts';
import { loadTrace, traceFiles } from './support/conformance-traces.ts';

const paxos = await loadProtocol('paxos');
const build = (variant: string, params: Record<string, number> = {}) => paxos.build(resolveParams(paxos, variantOf(paxos, variant), params), variant);

describe('Paxos statechart transitions', () => {
  it('are counted from the charts as by hand: proposer 5, acceptor 2, learner 1', () => {
    // By hand from models/paxos: the proposer's root NewBallot from idle, preparing and
    // accepting (3), and Promise in preparing to accepting or staying (2); the acceptor's
    // Prepare and Accept; the learner's Learn.
    const model = build('default');
    const counts = Object.fromEntries(model.definition.roles.map((r) => [r.name, chartTransitions(r.name, r.machine).length]));
    expect(counts).toEqual({ proposer: 5, acceptor: 2, learner: 1 });
  });

  it('are all taken by the shortest paths the generator finds at the generation bounds', () => {
    const found = coveringTraces(generationModel(paxos));
    expect(found.coverage.map((r) => [r.role, r.covered, r.total])).toEqual([
      ['proposer', 5, 5],
      ['acceptor', 2, 2],
      ['learner', 1, 1],
    ]);
    // The first transition of a run is a proposer's first NewBallot: a one-step trace.
    const first = found.traces.find((t) => transitionName(t.transition) === 'proposer: idle --NewBallot--> preparing')!;
    expect(first.trace.actions).toHaveLength(1);
  });
});

describe('generated traces of Paxos replayed on the implementation', () => {
  const files = traceFiles('traces/generated/paxos');

  it('cover every transition of every Paxos statechart (8 of 8)', async () => {
    const covered = new Set<string>();
    for (const file of files) {
      const { trace, model } = await loadTrace(file);
      const states = trace.states.map((s) => decodeState(s, trace.meta.network));
      const last = trace.actions.length - 1;
      covered.add(transitionName(transitionOf(model, states[last], trace.actions[last], states[last + 1])!));
    }
    const all = build('default').definition.roles.flatMap((r) => chartTransitions(r.name, r.machine).map(transitionName));
    expect([...covered].sort()).toEqual([...all].sort());
  });

  it.each(files)('%s: the implementation agrees with every state', async (file) => {
    const { trace, model } = await loadTrace(file);
    expect(replayOnImpl(model, trace)).toEqual({ ok: true, steps: trace.actions.length });
  });

  it('names the step and the field when a recorded state is changed', async () => {
    const { trace, model } = await loadTrace('traces/generated/paxos/acceptor--active--Accept--active.itf.json');
    const json = JSON.parse(JSON.stringify(toItf(model, { states: trace.states.map((s) => decodeState(s, 'set')), actions: trace.actions }, { producedBy: { tool: 'soffio', command: 'test' } })));
    // Claim that the acceptor of the last step promised ballot 7 there.
    const last = json.states.length - 1;
    const node = trace.actions[last - 1] as { node: string };
    const entry = json.states[last].nodes['#map'].find(([id]: [string]) => id === node.node);
    entry[1].context.promised = { '#bigint': '7' };
    const outcome = replayOnImpl(model, fromItf(json));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.step).toBe(last);
    expect(outcome.differences).toContain(`${node.node}.maxBal: model 7, implementation 0`);
  });
});

/** The first step of `trace` after which `fired` holds of (before, after): where the broken rule acted. */
function firstStep(states: readonly ClusterState[], fired: (before: ClusterState, after: ClusterState, step: number) => boolean): number {
  for (let i = 1; i < states.length; i++) if (fired(states[i - 1], states[i], i)) return i;
  return -1;
}

function counterexample(model: ClusterModel) {
  const result = bfs(model);
  expect(result.result).toBe('violation');
  return result.violation!.trace;
}

const ctx = (s: ClusterState, id: string) => s.nodes[id].context as Record<string, any>;

describe('counterexamples of broken Paxos variants replayed on the correct implementation', () => {
  it('minority-quorum diverges where a proposer sends Accept after one promise', () => {
    const model = build('minority-quorum');
    const trace = counterexample(model);
    // The broken rule: a proposer enters accepting holding fewer promises than a majority of 3 (2).
    const fired = firstStep(trace.states, (_b, a) => ['p1', 'p2'].some((p) => a.nodes[p].value === 'accepting' && ctx(a, p).promises.length < 2));
    const outcome = replayStatesOnImpl(model, trace.states, trace.actions);
    expect(fired).toBeGreaterThan(0);
    expect(outcome).toMatchObject({ ok: false, step: fired });
    if (!outcome.ok) expect(outcome.differences.some((d) => /\.phase: model "accepting", implementation "preparing"/.test(d))).toBe(true);
  });

  it('accept-below-promise diverges where an acceptor votes below its promise', () => {
    const model = build('accept-below-promise');
    const trace = counterexample(model);
    const fired = firstStep(trace.states, (b, a) => ['a1', 'a2', 'a3'].some((x) => ctx(a, x).acceptedBallot !== ctx(b, x).acceptedBallot && ctx(a, x).acceptedBallot < ctx(b, x).promised));
    const outcome = replayStatesOnImpl(model, trace.states, trace.actions);
    expect(fired).toBeGreaterThan(0);
    expect(outcome).toMatchObject({ ok: false, step: fired });
  });

  it('learner-minority diverges where a learner learns from one vote', () => {
    const model = build('learner-minority');
    const trace = counterexample(model);
    const fired = firstStep(trace.states, (b, a) => ['l1', 'l2'].some((l) => b.nodes[l].value === 'waiting' && a.nodes[l].value === 'learned'));
    const outcome = replayStatesOnImpl(model, trace.states, trace.actions);
    // The learner's first Learn in this variant is already from a minority: 1 voter of 3.
    expect((trace.actions[fired - 1] as unknown as { event: { voters: string[] } }).event.voters).toHaveLength(1);
    expect(outcome).toMatchObject({ ok: false, step: fired });
  });
});
