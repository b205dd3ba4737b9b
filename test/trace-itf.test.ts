import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/model/errors.ts';
import type { ClusterAction, ClusterModel, ClusterState } from '../src/system/cluster.ts';
import { canonical } from '../src/system/canonical.ts';
import { decodeState, encodeState, fromItf, toItf } from '../src/trace/itf.ts';
import { fromItfValue, toItfValue } from '../src/trace/itf-value.ts';
import { counterModel, pingModel } from './support/toy.ts';

/** Walks a model along actions picked by `choose` (index into the enabled ones). */
function walk(model: ClusterModel, pick: ((a: ClusterAction) => boolean)[]): { states: ClusterState[]; actions: ClusterAction[] } {
  let state = model.initialStates()[0];
  const states = [state];
  const actions: ClusterAction[] = [];
  for (const p of pick) {
    const action = model.actions(state).find((a) => p(a) && model.nextState(state, a) !== undefined);
    if (!action) throw new Error('test walk: no such action enabled');
    state = model.nextState(state, action)!;
    states.push(state);
    actions.push(action);
  }
  return { states, actions };
}

const send = (a: ClusterAction) => a.kind === 'local';
const deliver = (k: number) => (a: ClusterAction) => a.kind === 'deliver' && a.msg.k === k;
const big = (n: number) => ({ '#bigint': String(n) });
const meta = { producedBy: { tool: 'soffio' as const, command: 'test' } };

describe('ITF values', () => {
  it('encodes integers as #bigint, null as Quint None, and sorts record fields', () => {
    expect(toItfValue({ b: [1, null], a: 'x', c: true })).toEqual({ a: 'x', b: [big(1), { tag: 'None', value: { '#tup': [] } }], c: true });
  });

  it('reads plain JSON integers too, as the ITF specification allows', () => {
    expect(fromItfValue({ n: 3, m: big(-4) })).toEqual({ n: 3, m: -4 });
  });

  it('rejects JSON null and non-integers, which ITF does not have', () => {
    expect(() => fromItfValue({ n: null })).toThrow(UsageError);
    expect(() => fromItfValue({ n: 1.5 })).toThrow(/value.n is the number 1.5/);
  });

  it('round-trips any plain JSON value a context may hold', () => {
    // Context field names are identifiers; ITF reserves '#'-prefixed keys, and '__proto__' is no
    // plain field, so random strings there test inputs no model can produce.
    const contextKey = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/).filter((k) => k !== '__proto__');
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(contextKey, tie('value'), { maxKeys: 4 })),
    })).value;
    fc.assert(
      fc.property(json, (v) => {
        const back = fromItfValue(JSON.parse(JSON.stringify(toItfValue(v))));
        expect(canonical(back)).toBe(canonical(v));
      }),
      { numRuns: 300 },
    );
  });
});

describe('toItf / fromItf', () => {
  it('writes the ITF header, the variables, and the action of every step', () => {
    const model = counterModel(3);
    const trace = walk(model, [send, send]);
    const itf = toItf(model, trace, { property: 'BelowBad', propertyKind: 'invariant', ...meta });
    expect(itf['#meta']).toMatchObject({ format: 'ITF', 'soffio-trace-version': 1, protocol: 'counter', variant: 'default', params: { max: 3 }, network: 'set', property: 'BelowBad' });
    expect(itf.vars).toEqual(['nodes', 'down', 'network', 'mbt::actionTaken', 'mbt::nondetPicks']);
    expect(itf.states).toHaveLength(3);
    expect(itf.states[0]).toMatchObject({ '#meta': { index: 0 }, 'mbt::actionTaken': 'init', nodes: { '#map': [['c', { state: 'counting', context: { n: big(0) } }]] } });
    expect(itf.states[2]).toMatchObject({ '#meta': { index: 2, action: { kind: 'local', node: 'c', event: { type: 'inc' } } }, 'mbt::actionTaken': 'local', nodes: { '#map': [['c', { state: 'counting', context: { n: big(2) } }]] } });
  });

  it('encodes a set network as #set, a bag as #map message -> copies, a fifo as #map channel -> list', () => {
    const ping1 = { from: 's', k: big(1), to: 'r', type: 'ping' };
    const ping2 = { from: 's', k: big(2), to: 'r', type: 'ping' };
    const after = (model: ClusterModel, steps: ((a: ClusterAction) => boolean)[]) => encodeState(walk(model, steps).states.at(-1)!).network;
    expect(after(pingModel(2, 'set'), [send, send])).toEqual({ '#set': [ping1, ping2] });
    const dup = (a: ClusterAction) => a.kind === 'duplicate';
    expect(after(pingModel(2, 'bag', { duplicate: true }), [send, dup, send])).toEqual({ '#map': [[ping1, big(2)], [ping2, big(1)]] });
    expect(after(pingModel(2, 'fifo'), [send, send])).toEqual({ '#map': [['s->r', [ping1, ping2]]] });
  });

  for (const network of ['set', 'bag', 'fifo'] as const) {
    it(`round-trips a ${network} trace through JSON: same states, same actions`, () => {
      const model = pingModel(2, network, network === 'set' ? {} : { drop: true });
      // A fifo channel delivers k=1 first; the others may deliver out of order.
      const trace = walk(model, [send, send, deliver(network === 'fifo' ? 1 : 2), network === 'set' ? deliver(1) : (a) => a.kind === 'drop']);
      const parsed = fromItf(JSON.parse(JSON.stringify(toItf(model, trace, meta))));
      expect(parsed.meta).toMatchObject({ protocol: 'ping', variant: 'default', network, params: { pings: 2 } });
      expect(parsed.actions).toEqual(trace.actions);
      const decoded = parsed.states.map((s) => decodeState(s, network));
      expect(decoded.map((s) => model.fingerprint(s))).toEqual(trace.states.map((s) => model.fingerprint(s)));
    });
  }

  it('rejects a file that is not a soffio ITF trace, saying why', () => {
    const good = JSON.parse(JSON.stringify(toItf(counterModel(2), walk(counterModel(2), [send]), meta)));
    expect(() => fromItf([])).toThrow(/not a JSON object/);
    expect(() => fromItf({ vars: [], states: [] })).toThrow(/no #meta/);
    expect(() => fromItf({ ...good, '#meta': { ...good['#meta'], 'soffio-trace-version': 99 } })).toThrow(/version 99/);
    expect(() => fromItf({ ...good, states: [] })).toThrow(/no states/);
    const noAction = structuredClone(good);
    delete noAction.states[1]['#meta'].action;
    expect(() => fromItf(noAction)).toThrow(/step 1 has a malformed action/);
    const noNetwork = structuredClone(good);
    delete noNetwork.states[0].network;
    expect(() => fromItf(noNetwork)).toThrow(/state 0 of the trace has no variable 'network'/);
  });
});
