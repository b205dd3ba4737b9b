import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import pc from 'picocolors';
import { bfs } from '../checker/bfs.ts';
import { dfs } from '../checker/dfs.ts';
import { freshSeed } from '../checker/random.ts';
import type { CheckOptions, CheckResult } from '../checker/result.ts';
import { parallelBfs } from '../checker/parallel/parallel-bfs.ts';
import { simulate } from '../checker/simulate.ts';
import { withSymmetry } from '../symmetry/symmetric.ts';
import { parseEngine, withEngine, type Engine } from '../compile/engine.ts';
import { UsageError } from '../model/errors.ts';
import type { Params } from '../model/model.ts';
import { resolveParams, variantOf } from '../model/protocol.ts';
import type { ClusterAction, ClusterModel, ClusterState } from '../system/cluster.ts';
import { writeTraceFile } from '../trace/file.ts';
import { toItf, type ItfTrace } from '../trace/itf.ts';
import { formatParams, renderTrace } from '../trace/render.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';
import { DEFAULT_RUNS, DEFAULT_SIMULATION_DEPTH, keyValues, positiveInt, secondsToMs, seedValue, strategyValue, type StrategyName } from './options.ts';
import { count, progressLine } from './progress.ts';

/**
 * `soffio check PROTOCOL`: explores a protocol's model with one strategy and reports the
 * result, the bounds it was run with, the witnesses reached, and on a violation a trace
 * written in ITF.
 *
 * Example: `soffio check paxos --variant minority-quorum --param maxBallot=2 --json`.
 */

/** The options as commander hands them over: strings, not yet checked. */
export interface CheckFlags {
  readonly variant?: string;
  readonly param?: string[];
  readonly strategy?: string;
  readonly seed?: string;
  readonly runs?: string;
  readonly depth?: string;
  readonly maxStates?: string;
  readonly maxDepth?: string;
  readonly timeLimit?: string;
  readonly memoryLimit?: string;
  readonly deadlock?: boolean;
  readonly symmetry?: boolean;
  readonly workers?: string;
  readonly engine?: string;
  readonly traceOut?: string;
  readonly json?: boolean;
}

interface Plan {
  readonly strategy: StrategyName;
  readonly symmetry: boolean;
  /** Worker threads of a parallel bfs; 1 runs the sequential search in this thread. */
  readonly workers: number;
  /** How the statecharts run: compiled, or XState's own transition() (the reference). */
  readonly engine: Engine;
  readonly limits: CheckOptions;
  readonly simulation?: { readonly seed: number; readonly runs: number; readonly depth: number };
}

/** Checks every flag before any work: a bad one is a UsageError naming it. */
function plan(flags: CheckFlags): Plan {
  const strategy = strategyValue(flags.strategy);
  const simulationOnly = (['seed', 'runs', 'depth'] as const).filter((k) => flags[k] !== undefined);
  if (strategy !== 'simulate' && simulationOnly.length > 0) throw new UsageError(`--${simulationOnly[0]} applies only to --strategy simulate`);
  if (strategy === 'simulate' && flags.maxDepth !== undefined) throw new UsageError('--max-depth applies to bfs and dfs; a simulation takes --depth (steps per run)');
  const workers = flags.workers?.trim() === 'auto' ? availableParallelism() : (positiveInt('--workers', flags.workers) ?? 1);
  if (workers > 1 && strategy !== 'bfs') throw new UsageError('--workers applies only to --strategy bfs');
  const symmetry = flags.symmetry === true;
  const engine = flags.engine === undefined ? 'compiled' : parseEngine(flags.engine.trim());
  const limits: CheckOptions = {
    maxStates: positiveInt('--max-states', flags.maxStates),
    maxDepth: positiveInt('--max-depth', flags.maxDepth),
    timeLimitMs: secondsToMs('--time-limit', flags.timeLimit),
    memoryLimitMb: positiveInt('--memory-limit', flags.memoryLimit),
    checkDeadlock: flags.deadlock === true,
  };
  if (strategy !== 'simulate') return { strategy, symmetry, workers, engine, limits };
  return {
    strategy,
    symmetry,
    workers,
    engine,
    limits,
    simulation: {
      seed: seedValue(flags.seed) ?? freshSeed(),
      runs: positiveInt('--runs', flags.runs) ?? DEFAULT_RUNS,
      depth: positiveInt('--depth', flags.depth) ?? DEFAULT_SIMULATION_DEPTH,
    },
  };
}

/** The command that repeats this run exactly, every parameter spelled out. */
function commandLine(protocol: string, variant: string, params: Params, p: Plan): string {
  const parts = ['soffio', 'check', protocol, '--variant', variant];
  for (const [k, v] of Object.entries(params)) parts.push('--param', `${k}=${v}`);
  parts.push('--strategy', p.strategy);
  if (p.simulation) parts.push('--seed', String(p.simulation.seed), '--runs', String(p.simulation.runs), '--depth', String(p.simulation.depth));
  if (p.limits.maxStates !== undefined) parts.push('--max-states', String(p.limits.maxStates));
  if (p.limits.maxDepth !== undefined) parts.push('--max-depth', String(p.limits.maxDepth));
  if (p.limits.checkDeadlock) parts.push('--deadlock');
  if (p.symmetry) parts.push('--symmetry');
  if (p.engine !== 'compiled') parts.push('--engine', p.engine);
  return parts.join(' ');
}

/** Runs `soffio check`; returns 0 ok, 1 violation, 3 incomplete (bad input throws UsageError). */
export async function runCheck(protocolName: string, flags: CheckFlags, io: CliIo): Promise<ExitCode> {
  // Flags first: a typo in an option is reported without loading any model.
  const p = plan(flags);
  const given = keyValues(flags.param ?? []);
  const def = await io.protocols.load(protocolName);
  const variant = variantOf(def, flags.variant);
  const params = resolveParams(def, variant, given);
  const tracePath = resolve(io.cwd, flags.traceOut ?? `traces/out/${def.name}-${variant.name}.itf.json`);
  // Found now rather than after a long search that cannot save its counterexample.
  if (existsSync(tracePath) && statSync(tracePath).isDirectory()) throw new UsageError(`--trace-out '${flags.traceOut ?? tracePath}' is a folder; give a file name`);
  const built = p.engine === 'compiled' ? def.build(params, variant.name) : withEngine(def.build(params, variant.name), p.engine);
  const model = p.symmetry ? withSymmetry(built) : built;
  const command = commandLine(def.name, variant.name, params, p);

  if (!flags.json) {
    io.out(`${pc.bold(`soffio check ${def.name}`)} (variant ${variant.name}), strategy ${p.strategy}${p.workers > 1 ? `, ${p.workers} workers` : ''}${p.symmetry ? ', symmetry reduction' : ''}${p.engine !== 'compiled' ? `, ${p.engine} engine` : ''}\n`);
    io.out(`params: ${formatParams(model.params)}\n`);
    if (p.simulation) io.out(`seed: ${p.simulation.seed} (${p.simulation.runs} runs of at most ${p.simulation.depth} steps)\n`);
  }
  const line = progressLine(io.interactive && !flags.json, p.strategy === 'simulate' ? 'runs left' : p.strategy === 'dfs' ? 'stack' : 'queue');
  let result: CheckResult<ClusterState, ClusterAction>;
  try {
    const options = { ...p.limits, onProgress: line.onProgress };
    if (p.workers > 1) result = await parallelBfs({ protocol: def.name, variant: variant.name, params, symmetry: p.symmetry, engine: p.engine }, { ...options, workers: p.workers });
    else result = p.simulation ? simulate(model, { ...options, ...p.simulation }) : p.strategy === 'dfs' ? dfs(model, options) : bfs(model, options);
  } finally {
    line.stop();
  }

  let itf: ItfTrace | undefined;
  if (result.violation) {
    itf = toItf(model, result.violation.trace, {
      property: result.violation.property,
      propertyKind: result.violation.kind,
      producedBy: { tool: 'soffio', command, strategy: p.strategy, ...(p.simulation ? { seed: p.simulation.seed } : {}) },
    });
    writeTraceFile(tracePath, itf);
  }
  const shownPath = isAbsolute(flags.traceOut ?? '') ? tracePath : relative(io.cwd, tracePath);
  if (flags.json) io.out(JSON.stringify(jsonReport(result, itf, itf ? shownPath : undefined)) + '\n');
  else io.out(humanReport(model, result, itf ? shownPath : undefined).join('\n') + '\n');
  return result.result === 'ok' ? EXIT.ok : result.result === 'violation' ? EXIT.violation : EXIT.incomplete;
}

/** The one JSON object `--json` prints: the fields other tools and tests rely on. */
function jsonReport(r: CheckResult<ClusterState, ClusterAction>, itf: ItfTrace | undefined, tracePath: string | undefined): Record<string, unknown> {
  return {
    protocol: r.protocol,
    variant: r.variant,
    params: r.params,
    strategy: r.strategy,
    result: r.result,
    ...(r.incompleteReason ? { incompleteReason: r.incompleteReason } : {}),
    distinctStates: r.distinctStates,
    statesGenerated: r.statesGenerated,
    maxDepth: r.maxDepth,
    durationMs: r.durationMs,
    statesPerSecond: r.statesPerSecond,
    properties: r.properties,
    witnesses: r.witnesses,
    ...(r.violation && itf ? { violation: { property: r.violation.property, kind: r.violation.kind, depth: r.violation.depth, trace: itf } } : {}),
    ...(tracePath ? { tracePath } : {}),
    ...(r.seed !== undefined ? { seed: r.seed, runs: r.runs } : {}),
    ...(r.fingerprintCollisionProbability !== undefined ? { fingerprintCollisionProbability: r.fingerprintCollisionProbability } : {}),
    ...(r.fingerprintCollisionProbabilityObserved !== undefined ? { fingerprintCollisionProbabilityObserved: r.fingerprintCollisionProbabilityObserved } : {}),
    ...(r.storeBytes !== undefined ? { storeBytes: r.storeBytes } : {}),
  };
}

function humanReport(model: ClusterModel, r: CheckResult<ClusterState, ClusterAction>, tracePath: string | undefined): string[] {
  const lines: string[] = [];
  if (r.result === 'ok') lines.push(`result: ${pc.green('ok')}, every property holds in every reachable state within the bounds`);
  else if (r.result === 'violation') lines.push(`result: ${pc.red(pc.bold(`VIOLATION of ${r.violation!.property}`))} (${r.violation!.kind}) at depth ${r.violation!.depth}`);
  else lines.push(`result: ${pc.yellow('INCOMPLETE')}, ${r.incompleteReason ?? 'stopped at a limit'}`);
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(17)} ${value}`);
  row('distinct states', count(r.distinctStates));
  row('states generated', count(r.statesGenerated));
  row('depth', String(r.maxDepth));
  row('time', `${(r.durationMs / 1000).toFixed(2)} s`);
  row('states/s', count(r.statesPerSecond));
  if (r.seed !== undefined) row('seed', `${r.seed} (${r.runs} runs done)`);
  if (r.storeBytes !== undefined) row('visited store', `${(r.storeBytes / 1048576).toFixed(1)} MB`);
  if (r.fingerprintCollisionProbability !== undefined) {
    // TLC's two estimates that fingerprint hashing hid a state; see src/checker/result.ts.
    const observed = r.fingerprintCollisionProbabilityObserved;
    row('collision prob.', `${r.fingerprintCollisionProbability.toExponential(1)} (optimistic)${observed !== undefined ? `, ${observed.toExponential(1)} (observed)` : ''}`);
  }
  row('properties', r.properties.length === 0 ? '(none)' : `${r.properties.join(', ')} (${r.properties.length} checked)`);
  const witnesses = Object.entries(r.witnesses);
  row('witnesses', witnesses.length === 0 ? '(none)' : witnesses.map(([name, found]) => `${name} ${found ? pc.green('found') : pc.red('NOT found')}`).join(', '));
  if (r.violation) {
    lines.push('', `counterexample to ${r.violation.property}, ${r.violation.depth} steps:`);
    lines.push(...renderTrace({ states: r.violation.trace.states, actions: r.violation.trace.actions, describe: (a) => model.describeAction(a), property: r.violation.property }));
    if (tracePath) lines.push('', `trace written to ${tracePath}`, `read it again with: soffio show ${tracePath}`);
  }
  return lines;
}
