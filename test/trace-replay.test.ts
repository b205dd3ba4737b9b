import { describe, expect, it } from 'vitest';
import { bfs } from '../src/checker/bfs.ts';
import { UsageError } from '../src/model/errors.ts';
import type { ClusterModel } from '../src/system/cluster.ts';
import { fromItf, toItf, type ParsedTrace } from '../src/trace/itf.ts';
import { renderTrace } from '../src/trace/render.ts';
import { replayTrace } from '../src/trace/replay.ts';
import { counterModel, pingModel } from './support/toy.ts';

const meta = { producedBy: { tool: 'soffio' as const, command: 'test' } };

/** BFS's counterexample on the counter that must stay below 2, written and read back as JSON. */
function brokenCounterTrace(): { model: ClusterModel; json: any } {
  const model = counterModel(3, { badAt: 2 });
  const v = bfs(model).violation!;
  return { model, json: JSON.parse(JSON.stringify(toItf(model, v.trace, { property: v.property, propertyKind: v.kind, ...meta }))) };
}

describe('replayTrace', () => {
  it('re-executes a recorded counterexample and confirms its violation', () => {
    const { model, json } = brokenCounterTrace();
    const outcome = replayTrace(model, fromItf(json));
    expect(outcome).toMatchObject({ ok: true, steps: 2, confirmed: 'the last state violates BelowBad, as recorded' });
  });

  it('names the first step whose recorded state differs, and the field', () => {
    const { model, json } = brokenCounterTrace();
    // Step 1 recorded n = 1; claim n = 7 instead.
    json.states[1].nodes['#map'][0][1].context.n = { '#bigint': '7' };
    const outcome = replayTrace(model, fromItf(json));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.step).toBe(1);
    expect(outcome.differences).toEqual(['    c.n: 7 -> 1']);
  });

  it('names a recorded action the model does not enable', () => {
    const model = pingModel(2, 'bag');
    const first = model.initialStates()[0];
    const never = { kind: 'deliver' as const, node: 'r', msg: { type: 'ping', from: 's', to: 'r', k: 9 } };
    const trace: ParsedTrace = fromItf(JSON.parse(JSON.stringify(toItf(model, { states: [first, first], actions: [never] }, meta))));
    const outcome = replayTrace(model, trace);
    expect(outcome).toMatchObject({ ok: false, step: 1, reason: 'receiver r receives ping(k=9) from s is not enabled' });
  });

  it('fails a trace whose property the model no longer breaks', () => {
    const { json } = brokenCounterTrace();
    const outcome = replayTrace(counterModel(3, { badAt: 3 }), fromItf(json));
    expect(outcome).toMatchObject({ ok: false, step: 2, reason: 'BelowBad holds in the last state, but the trace records its violation' });
  });

  it('confirms a broken property of steps on the last step', () => {
    // Hand-made: the step that reaches n = 2 breaks it, at depth 2.
    const model: ClusterModel = { ...counterModel(3), actionProperties: [{ name: 'NeverTwo', source: 'test', holds: (_p, _a, next) => next.nodes.c.context.n !== 2 }] };
    const v = bfs(model).violation!;
    expect(v).toMatchObject({ property: 'NeverTwo', kind: 'action', depth: 2 });
    const json = JSON.parse(JSON.stringify(toItf(model, v.trace, { property: v.property, propertyKind: v.kind, ...meta })));
    expect(replayTrace(model, fromItf(json))).toMatchObject({ ok: true, confirmed: 'the last step violates NeverTwo, as recorded' });
  });

  it('refuses, as bad input, a trace whose nodes are not the model\'s', () => {
    const { json } = brokenCounterTrace();
    expect(() => replayTrace(pingModel(1, 'set'), fromItf(json))).toThrow(UsageError);
  });
});

describe('renderTrace', () => {
  it('prints the initial state in full, then each step and only what it changed', () => {
    const model = pingModel(1, 'bag');
    const s0 = model.initialStates()[0];
    const send = model.actions(s0).find((a) => a.kind === 'local')!;
    const s1 = model.nextState(s0, send)!;
    const deliver = model.actions(s1).find((a) => a.kind === 'deliver')!;
    const s2 = model.nextState(s1, deliver)!;
    const lines = renderTrace({ states: [s0, s1, s2], actions: [send, deliver], describe: (a) => model.describeAction(a), property: 'Example' });
    expect(lines).toEqual([
      '0  initial state',
      '    s.state = sending',
      '    s.sent = 0',
      '    r.state = listening',
      '    r.got = []',
      '    network: empty',
      '1  sender s send',
      '    s.sent: 0 -> 1',
      '    + ping(k=1) from s to r',
      '2  receiver r receives ping(k=1) from s',
      '    r.got: [] -> [1]',
      '    - ping(k=1) from s to r',
      '   Example is violated here',
    ]);
  });
});
