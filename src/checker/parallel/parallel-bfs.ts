import { Worker } from 'node:worker_threads';
import { propertyNames } from '../../model/model.ts';
import type { ClusterAction, ClusterModel, ClusterState } from '../../system/cluster.ts';
import { RunClock } from '../clock.ts';
import { optimisticCollisionProbability, stateFingerprint } from '../fingerprint.ts';
import { brokenInvariant, WitnessTracker } from '../properties.ts';
import { searchResult, type CheckOptions, type CheckResult, type Trace, type Violation } from '../result.ts';
import type { FoundViolation, FrontierEntry, FromWorker, ToWorker } from './protocol.ts';
import { buildFromRecipe, type ModelRecipe } from './recipe.ts';
import { SharedTable } from './shared-table.ts';

type Result = CheckResult<ClusterState, ClusterAction>;

export interface ParallelOptions extends CheckOptions {
  /** Worker threads, at least 1. */
  readonly workers: number;
  /** Slots of the shared table to start with (a power of two). */
  readonly initialCapacity?: number;
}

/**
 * Level-synchronous parallel breadth-first search over worker threads. Every worker builds
 * the model from `recipe`, expands its share of the current level and inserts successors
 * into one shared fingerprint table (SharedArrayBuffer, Atomics.compareExchange), so the
 * distinct states are exactly those of `bfs` whatever the number of workers. A level ends
 * when every worker has expanded its share; a violation found in a level is at that level's
 * depth, so the trace is still a shortest one. Between levels the frontiers are rebalanced.
 *
 * Example: `await parallelBfs({ protocol: 'raft', variant: 'tla', params: { servers: 3 } }, { workers: 2 })`.
 */
export async function parallelBfs(recipe: ModelRecipe, options: ParallelOptions): Promise<Result> {
  const model = await buildFromRecipe(recipe);
  let table = SharedTable.create(options.initialCapacity ?? 1 << 16);
  const workers = await Promise.all(Array.from({ length: Math.max(1, options.workers) }, () => startWorker(recipe, table, options.maxStates)));
  // The search is timed from here, as `bfs` is timed once its model is built: starting a
  // worker (loading and compiling the model's modules in a fresh thread) takes seconds.
  const clock = new RunClock(options);
  const witnesses = new WitnessTracker(model.witnesses);
  let generated = 0;
  let depth = 0;
  let violation: Violation<ClusterState, ClusterAction> | undefined;
  let incompleteReason: string | undefined;
  const timer = options.timeLimitMs === undefined ? undefined : setTimeout(() => table.requestStop(), options.timeLimitMs);
  const progress = options.onProgress ? setInterval(() => clock.tick(() => ({ distinctStates: table.size, statesGenerated: generated, queue: 0, depth })), options.progressIntervalMs ?? 1000) : undefined;

  try {
    // The initial states are checked and stored here, then dealt out in turn.
    const inits = model.initialStates();
    const seeds: FrontierEntry[][] = workers.map(() => []);
    for (let i = 0; i < inits.length; i++) {
      generated++;
      const broken = brokenInvariant(model, inits[i]);
      if (broken) {
        violation = { property: broken, kind: 'invariant', depth: 0, trace: { states: [inits[i]], actions: [] } };
        break;
      }
      if (!model.withinBounds(inits[i])) continue;
      const slot = table.insert(stateFingerprint(model, inits[i]), -1, i);
      if (slot < 0) continue;
      witnesses.observe(inits[i]);
      seeds[i % workers.length].push({ state: inits[i], slot });
    }
    const sizeOf = (a: FromWorker) => (a.kind === 'size' ? a.size : 0);
    let sizes = (await Promise.all(workers.map((w, i) => w.call({ kind: 'give', entries: seeds[i] })))).map(sizeOf);

    while (!violation && sizes.some((n) => n > 0)) {
      if (options.maxDepth !== undefined && depth >= options.maxDepth) {
        const probes = await Promise.all(workers.map((w) => w.call({ kind: 'probe' })));
        if (probes.some((p) => p.kind === 'probed' && p.hasSuccessor)) incompleteReason = `states deeper than --max-depth ${options.maxDepth} were not explored`;
        break;
      }
      const found: FoundViolation[] = [];
      // Rounds of one level: a round ends early when the table must grow.
      for (;;) {
        const answers = await Promise.all(workers.map((w) => w.call({ kind: 'expand', checkDeadlock: options.checkDeadlock === true })));
        let paused = false;
        for (const a of answers) {
          if (a.kind !== 'expanded') continue;
          generated += a.generated;
          if (a.violation) found.push(a.violation);
          paused ||= a.paused;
        }
        if (!paused || found.length > 0) break;
        const { table: bigger, moved } = table.grown();
        table = bigger;
        for (const w of workers) w.post({ kind: 'table', table: table.buffers, moved: moved.buffer as SharedArrayBuffer });
      }
      if (found.length > 0) {
        // A deadlock is at this level's depth, any other violation one deeper: keep the shallowest.
        const v = found.find((f) => f.kind === 'deadlock') ?? found[0];
        violation = rebuild(model, table, v, v.kind === 'deadlock' ? depth : depth + 1);
        break;
      }
      if (table.stopRequested() || (options.maxStates !== undefined && table.size >= options.maxStates)) {
        incompleteReason = table.stopRequested() ? `stopped at --time-limit ${Math.round(options.timeLimitMs! / 1000)} s` : `stopped at --max-states ${options.maxStates}`;
        break;
      }
      sizes = (await Promise.all(workers.map((w) => w.call({ kind: 'advance' })))).map(sizeOf);
      if (sizes.some((n) => n > 0)) depth++;
      sizes = await rebalance(workers, sizes);
    }
    for (const w of workers) {
      const a = await w.call({ kind: 'witnesses' });
      if (a.kind === 'witnessed') for (const [name, reached] of Object.entries(a.reached)) if (reached) witnesses.observeNamed(name);
    }
  } finally {
    if (timer) clearTimeout(timer);
    if (progress) clearInterval(progress);
    await Promise.all(workers.map((w) => w.stop()));
  }

  return searchResult(
    model,
    propertyNames(model),
    { strategy: 'bfs', distinctStates: table.size, statesGenerated: generated, maxDepth: depth, durationMs: clock.elapsedMs(), witnesses: witnesses.report(), violation, incompleteReason },
    { fingerprintCollisionProbability: optimisticCollisionProbability(table.size, generated), storeBytes: table.byteLength },
  );
}

/** Moves frontier entries from the workers above the mean to those below it. */
async function rebalance(workers: readonly WorkerHandle[], sizes: number[]): Promise<number[]> {
  const total = sizes.reduce((a, b) => a + b, 0);
  const mean = Math.ceil(total / workers.length);
  // A small imbalance costs less than copying states between threads.
  if (sizes.every((n) => n <= mean * 1.1 + 16)) return sizes;
  const spare: FrontierEntry[] = [];
  const out = sizes.slice();
  for (let i = 0; i < workers.length; i++) {
    if (out[i] <= mean) continue;
    const a = await workers[i].call({ kind: 'take', count: out[i] - mean });
    if (a.kind === 'taken') spare.push(...a.entries);
    out[i] = mean;
  }
  for (let i = 0; i < workers.length && spare.length > 0; i++) {
    if (out[i] >= mean) continue;
    const a = await workers[i].call({ kind: 'give', entries: spare.splice(0, mean - out[i]) });
    if (a.kind === 'size') out[i] = a.size;
  }
  return out;
}

/**
 * The trace of a violation, re-executed from the actual initial state by the recorded
 * action positions; every state on the way must be in the table.
 */
function rebuild(model: ClusterModel, table: SharedTable, v: FoundViolation, depth: number): Violation<ClusterState, ClusterAction> {
  const positions: number[] = [];
  let slot = v.fromSlot;
  while (table.parents[slot] >= 0) {
    positions.push(table.via[slot]);
    slot = table.parents[slot];
  }
  positions.reverse();
  let state = model.initialStates()[table.via[slot]];
  const states: ClusterState[] = [state];
  const actions: ClusterAction[] = [];
  const step = (position: number, mustBeStored: boolean) => {
    const action = model.actions(state)[position];
    const next = action === undefined ? undefined : model.nextState(state, action);
    if (action === undefined || next === undefined || (mustBeStored && table.find(stateFingerprint(model, next)) < 0)) {
      throw new Error(`re-execution failed at step ${states.length}: action ${position} does not lead to an explored state (is the model deterministic?)`);
    }
    actions.push(action);
    states.push(next);
    state = next;
  };
  for (const p of positions) step(p, true);
  if (v.position >= 0) step(v.position, false);
  const trace: Trace<ClusterState, ClusterAction> = { states, actions };
  return { property: v.property, kind: v.kind, depth, trace };
}

interface WorkerHandle {
  call(message: ToWorker): Promise<FromWorker>;
  post(message: ToWorker): void;
  stop(): Promise<number>;
}

/** A worker thread answering one request at a time, in order. */
async function startWorker(recipe: ModelRecipe, table: SharedTable, maxStates: number | undefined): Promise<WorkerHandle> {
  const worker = new Worker(new URL('./worker.mjs', import.meta.url));
  const waiting: { resolve: (m: FromWorker) => void; reject: (e: Error) => void }[] = [];
  worker.on('message', (m: FromWorker) => {
    const next = waiting.shift();
    if (!next) return;
    if (m.kind === 'failed') next.reject(new Error(`search worker failed: ${m.message}`));
    else next.resolve(m);
  });
  worker.on('error', (e) => {
    for (const w of waiting.splice(0)) w.reject(e);
  });
  const handle: WorkerHandle = {
    call: (message) =>
      new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        worker.postMessage(message);
      }),
    post: (message) => worker.postMessage(message),
    stop: () => worker.terminate(),
  };
  await handle.call({ kind: 'init', recipe, table: table.buffers, maxStates });
  return handle;
}
