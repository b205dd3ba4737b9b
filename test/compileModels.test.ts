import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bfs } from '../src/checker/bfs.ts';
import { withEngine } from '../src/compile/engine.ts';
import type { ParamValue } from '../src/model/model.ts';
import { resolveParams, variantOf } from '../src/model/protocol.ts';
import { loadAllProtocols } from '../src/registry.ts';
import type { ClusterModel } from '../src/system/cluster.ts';
import { walkAndCompare } from './support/compileWalk.ts';

/**
 * Every role machine of every registered protocol and variant, compiled, against XState:
 * random walks through the cluster model compare both engines on every event offered in every
 * state visited; and a bounded BFS explores exactly the same state graph under both engines.
 */

const protocols = await loadAllProtocols();
const cases = protocols.flatMap((def) =>
  def.variants.map((variant) => ({
    name: `${def.name} --variant ${variant.name}`,
    build: (): ClusterModel => def.build(resolveParams(def, variant, {}), variant.name),
  })),
);

/** Walks per variant and their length: enough to reach elections, replication and faults. */
const WALKS = 8;
const DEPTH = 30;

describe('compiled role machines agree with XState along random walks of the real models', () => {
  for (const c of cases) {
    it(c.name, () => {
      const model = c.build();
      const compared: Record<string, number> = {};
      const stepped: Record<string, number> = {};
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 0x7fffffff }), (seed) => {
          const tally = walkAndCompare(model, { seed, walks: 1, depth: DEPTH });
          for (const role of Object.keys(tally.compared)) {
            compared[role] = (compared[role] ?? 0) + tally.compared[role];
            stepped[role] = (stepped[role] ?? 0) + tally.stepped[role];
          }
        }),
        { numRuns: WALKS },
      );
      // Every role was exercised, and took steps.
      for (const role of model.definition.roles) {
        expect(compared[role.name], `role ${role.name} compared`).toBeGreaterThan(100);
        expect(stepped[role.name], `role ${role.name} stepped`).toBeGreaterThan(0);
      }
    });
  }
});

/**
 * Small configurations explored completely under both engines (the whole state graph, not
 * a prefix of it). Sizes measured here: raft default 1,361 distinct states, paxos default
 * 194, paxos tla 145.
 */
const COMPLETE: readonly { readonly protocol: string; readonly variant: string; readonly params: Readonly<Record<string, ParamValue>> }[] = [
  { protocol: 'raft', variant: 'default', params: { servers: 2, maxTerm: 2, maxLogLength: 1, maxInFlight: 2, maxCopies: 1 } },
  { protocol: 'paxos', variant: 'default', params: { proposers: 2, acceptors: 2, values: 2, maxBallot: 1, learners: 1 } },
  { protocol: 'paxos', variant: 'tla', params: { acceptors: 2, values: 2, maxBallot: 1 } },
];

/** Distinct states of the bounded runs, for every variant: small enough for XState's engine. */
const BFS_STATES = 600;

function expectSameSearch(model: ClusterModel, options: { maxStates?: number }) {
  const viaXState = bfs(withEngine(model, 'xstate'), options);
  const viaCompiled = bfs(withEngine(model, 'compiled'), options);
  expect(viaCompiled.distinctStates).toBe(viaXState.distinctStates);
  expect(viaCompiled.statesGenerated).toBe(viaXState.statesGenerated);
  expect(viaCompiled.result).toBe(viaXState.result);
  expect(viaCompiled.maxDepth).toBe(viaXState.maxDepth);
  expect(viaCompiled.witnesses).toEqual(viaXState.witnesses);
  expect(viaCompiled.violation?.property).toBe(viaXState.violation?.property);
  expect(viaCompiled.violation?.depth).toBe(viaXState.violation?.depth);
  // Not vacuous: the runs went past the initial state.
  expect(viaXState.statesGenerated).toBeGreaterThan(1);
  return viaXState;
}

describe('bfs explores the same state graph under both engines', () => {
  for (const c of cases) {
    it(`${c.name}, first ${BFS_STATES} distinct states`, () => {
      expectSameSearch(c.build(), { maxStates: BFS_STATES });
    });
  }
  for (const c of COMPLETE) {
    it(`${c.protocol} --variant ${c.variant} ${JSON.stringify(c.params)}, complete`, () => {
      const def = protocols.find((p) => p.name === c.protocol)!;
      const model = def.build(resolveParams(def, variantOf(def, c.variant), c.params), c.variant);
      expect(expectSameSearch(model, {}).result).not.toBe('incomplete');
    });
  }
});
