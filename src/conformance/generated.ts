import { join } from 'node:path';
import type { ParamValue } from '../model/model.ts';
import type { ProtocolDefinition } from '../model/protocol.ts';
import { resolveParams, variantOf } from '../model/protocol.ts';
import type { ClusterModel } from '../system/cluster.ts';
import { toItf } from '../trace/itf.ts';
import { writeTraceFile } from '../trace/file.ts';
import type { Trace } from '../checker/result.ts';
import type { ClusterAction, ClusterState } from '../system/cluster.ts';
import { coveringTraces, type RoleCoverage } from './generate.ts';
import { modelTransitions, transitionName, transitionSlug, type Transition } from './transitions.ts';

/**
 * The bounds the transition-covering traces are generated with, tried in order, each
 * searching only for the transitions the ones before did not cover. Paxos needs a second
 * ballot per proposer (NewBallot out of `preparing` and `accepting`). Raft: two servers and
 * four terms reach a candidate that hears an AppendEntries response of a newer term (it led,
 * stepped down and campaigned again while the follower moved on); three servers are needed
 * for a server to hear AppendEntries from a leader it did not vote for. Drops and duplicates
 * fire no transition, so they are off to keep the searches small.
 */
export const GENERATION_PARAMS: Readonly<Record<string, readonly Readonly<Record<string, ParamValue>>[]>> = {
  paxos: [{ maxBallot: 3 }],
  raft: [
    { servers: 2, maxTerm: 4, maxLogLength: 0, maxInFlight: 3, duplicate: false, drop: false },
    { servers: 3, maxTerm: 3, maxInFlight: 4, duplicate: false, drop: false },
  ],
};

/** The default variant of `def` built with one set of generation bounds (the first by default). */
export function generationModel(def: ProtocolDefinition, overrides: Readonly<Record<string, string | ParamValue>> = {}, which = 0): ClusterModel {
  const variant = variantOf(def, undefined);
  return def.build(resolveParams(def, variant, { ...(GENERATION_PARAMS[def.name]?.[which] ?? {}), ...overrides }), variant.name);
}

/** Covering traces over every generation bound set in turn, each trace with the model it belongs to. */
export interface CoveringRun {
  readonly traces: readonly { readonly model: ClusterModel; readonly transition: Transition; readonly trace: Trace<ClusterState, ClusterAction> }[];
  readonly coverage: readonly RoleCoverage[];
  readonly statesExplored: number;
  readonly cut: boolean;
}

/**
 * Runs `coveringTraces` over the generation bounds of `def` in order (or once, with
 * `overrides` on the first, when overrides are given).
 *
 * Example: `coverAll(await loadProtocol('raft')).coverage` is `[{ role: 'server', covered: 25, total: 25, missing: [] }]`.
 */
export function coverAll(def: ProtocolDefinition, overrides: Readonly<Record<string, string | ParamValue>> = {}, maxStates?: number): CoveringRun {
  const configs = Object.keys(overrides).length > 0 ? 1 : Math.max(1, GENERATION_PARAMS[def.name]?.length ?? 1);
  const traces: CoveringRun['traces'][number][] = [];
  const found = new Set<string>();
  let statesExplored = 0;
  let cut = false;
  let first: ClusterModel | undefined;
  for (let i = 0; i < configs; i++) {
    const model = generationModel(def, overrides, i);
    first ??= model;
    const run = coveringTraces(model, { maxStates, skip: found });
    statesExplored += run.statesExplored;
    cut ||= run.cut;
    for (const t of run.traces) {
      traces.push({ model, ...t });
      found.add(transitionName(t.transition));
    }
  }
  const all = modelTransitions(first!);
  const coverage = first!.definition.roles.map((r) => {
    const mine = all.filter((t) => t.role === r.name);
    const missing = mine.filter((t) => !found.has(transitionName(t))).map(transitionName);
    return { role: r.name, covered: mine.length - missing.length, total: mine.length, missing };
  });
  return { traces, coverage, statesExplored, cut };
}

/**
 * Writes one ITF trace per covered transition to `<dir>/<role>--<source>--<event>--<target>.itf.json`.
 * Returns the paths written.
 *
 * Example: `writeCoveringTraces(coverAll(def), 'traces/generated/paxos', 'soffio coverage paxos --write')`.
 */
export function writeCoveringTraces(found: CoveringRun, dir: string, command: string): string[] {
  return found.traces.map(({ model, transition, trace }) => {
    const path = join(dir, `${transitionSlug(transition)}.itf.json`);
    writeTraceFile(path, toItf(model, trace, { producedBy: { tool: 'soffio', command } }));
    return path;
  });
}

export { coveringTraces };
