import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { propertyNames } from '../../model/model.ts';
import type { ClusterAction, ClusterModel, ClusterState } from '../../system/cluster.ts';
import { RunClock } from '../clock.ts';
import { fingerprintWords, optimisticCollisionProbability } from '../fingerprint.ts';
import { brokenInvariant, WitnessTracker } from '../properties.ts';
import { searchResult, type CheckOptions, type CheckResult, type Trace, type Violation } from '../result.ts';
import { CONTROL_WORDS, LEFT, MAX_WORKERS, REQUEST, stealRequest, type FoundViolation, type FrontierEntry, type FromWorker, type ToWorker } from './protocol.ts';
import { buildFromRecipe, type ModelRecipe } from './recipe.ts';
import { prepareInBackground } from './growth.ts';
import { MEMORY_CHECK_MS, parallelMemory } from './memory-watch.ts';
import { SharedTable } from './shared-table.ts';

type Result = CheckResult<ClusterState, ClusterAction>;

/**
 * Slots of the shared table at the start (14 MB): every doubling pauses all workers while
 * the coordinator rehashes alone, so a search of up to half a million states never pauses.
 */
const DEFAULT_CAPACITY = 1 << 20;

export interface ParallelOptions extends CheckOptions {
  /** Worker threads, at least 1. */
  readonly workers: number;
  /** Slots of the shared table to start with (a power of two). */
  readonly initialCapacity?: number;
  /** States a worker expands between two looks at its steal request (default 64). */
  readonly checkEvery?: number;
  /** A worker with fewer states left than this is not stolen from (default 256). */
  readonly minSteal?: number;
  /** Filled in by the search: how the work moved between workers, and how often the table grew. */
  readonly tally?: ParallelTally;
}

/** What a parallel search did beside expanding states. Example: `const tally = newTally(); await parallelBfs(recipe, { workers: 2, tally })`. */
export interface ParallelTally {
  steals: number;
  statesMoved: number;
  growths: number;
}

/** A tally with every count at 0. */
export function newTally(): ParallelTally {
  return { steals: 0, statesMoved: 0, growths: 0 };
}

/**
 * Level-synchronous parallel breadth-first search over worker threads. Every worker builds
 * the model from `recipe`, expands its share of the current level and inserts successors
 * into one shared fingerprint table (SharedArrayBuffer, Atomics.compareExchange), so the
 * distinct states are exactly those of `bfs` whatever the number of workers. A level ends
 * when every worker has expanded its share; a violation found in a level is at that level's
 * depth, so the trace is still a shortest one. A successor belongs to the worker that
 * inserted it first; within a level, a worker that runs out of states steals a share of the
 * busiest worker's remaining ones (`expandRound`), so no frontier is copied between threads
 * unless a worker would otherwise sit idle.
 *
 * Example: `await parallelBfs({ protocol: 'raft', variant: 'tla', params: { servers: 3 } }, { workers: 2 })`.
 */
export async function parallelBfs(recipe: ModelRecipe, options: ParallelOptions): Promise<Result> {
  const model = await buildFromRecipe(recipe);
  let table = SharedTable.create(options.initialCapacity ?? DEFAULT_CAPACITY);
  const count = Math.min(MAX_WORKERS, Math.max(1, options.workers));
  // Every steal request starts closed (-1): a worker opens its own when it starts expanding.
  const control = new Int32Array(new SharedArrayBuffer(count * CONTROL_WORDS * 4));
  for (let i = 0; i < count; i++) control[i * CONTROL_WORDS + REQUEST] = -1;
  const workers = await Promise.all(Array.from({ length: count }, (_, i) => startWorker(recipe, table, control, i, options.maxStates)));
  connectPeers(workers);
  // The search is timed from here, as `bfs` is timed once its model is built: starting a
  // worker (loading and compiling the model's modules in a fresh thread) takes seconds.
  const clock = new RunClock(options);
  const witnesses = new WitnessTracker(model.witnesses);
  const tally = options.tally ?? newTally();
  const limits: RoundLimits = {
    checkDeadlock: options.checkDeadlock === true,
    maxStates: options.maxStates,
    checkEvery: Math.max(1, options.checkEvery ?? CHECK_EVERY),
    minSteal: Math.max(2, options.minSteal ?? MIN_STEAL),
    tally,
    control,
  };
  let generated = 0;
  let depth = 0;
  let violation: Violation<ClusterState, ClusterAction> | undefined;
  let incompleteReason: string | undefined;
  // The memory the table will grow into, made ready while the workers expand.
  let space = prepareInBackground(table);
  // Why the workers were asked to stop (a limit reached), for the result.
  let stopReason: string | undefined;
  const stopFor = (reason: string) => {
    stopReason ??= reason;
    table.requestStop();
  };
  const timer = options.timeLimitMs === undefined ? undefined : setTimeout(() => stopFor(`stopped at --time-limit ${Math.round(options.timeLimitMs! / 1000)} s`), options.timeLimitMs);
  const memory = parallelMemory(options.memoryLimitMb, control, count, () => table.byteLength);
  const memoryWatch = setInterval(() => {
    const over = memory.exceeded();
    if (over) stopFor(over);
  }, MEMORY_CHECK_MS);
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
      const fp = fingerprintWords(model, inits[i]);
      const slot = table.addWords(fp[0], fp[1], -1, i);
      if (slot < 0) continue;
      witnesses.observe(inits[i]);
      seeds[i % workers.length].push({ state: inits[i], slot });
    }
    table.flush();
    const sizeOf = (a: FromWorker) => (a.kind === 'size' ? a.size : 0);
    let sizes = (await Promise.all(workers.map((w, i) => w.call({ kind: 'give', entries: seeds[i] })))).map(sizeOf);

    while (!violation && sizes.some((n) => n > 0)) {
      // Also looked at before each level, so a search shorter than the watch's period is held to it too.
      const over = memory.exceeded();
      if (over) stopFor(over);
      if (options.maxDepth !== undefined && depth >= options.maxDepth) {
        const probes = await Promise.all(workers.map((w) => w.call({ kind: 'probe' })));
        if (probes.some((p) => p.kind === 'probed' && p.hasSuccessor)) incompleteReason = `states deeper than --max-depth ${options.maxDepth} were not explored`;
        break;
      }
      const found: FoundViolation[] = [];
      // Rounds of one level: a round ends early when the table must grow.
      for (;;) {
        const round = await expandRound(workers, table, limits);
        generated += round.generated;
        found.push(...round.found);
        if (!round.paused || found.length > 0) break;
        if (!memory.allows(table.byteLength * 2 + table.capacity * 4)) {
          stopFor(`stopped at --memory-limit ${options.memoryLimitMb} MB: the fingerprint table (${Math.round(table.byteLength / 2 ** 20)} MB) cannot double within it`);
          break;
        }
        tally.growths++;
        const { table: bigger, moved } = table.grown(space.done());
        table = bigger;
        space = prepareInBackground(table);
        for (const w of workers) w.post({ kind: 'table', table: table.buffers, moved: moved.buffer as SharedArrayBuffer });
      }
      if (found.length > 0) {
        // A deadlock is at this level's depth, any other violation one deeper: keep the shallowest.
        const v = found.find((f) => f.kind === 'deadlock') ?? found[0];
        violation = rebuild(model, table, v, v.kind === 'deadlock' ? depth : depth + 1);
        break;
      }
      if (table.stopRequested() || (options.maxStates !== undefined && table.size >= options.maxStates)) {
        incompleteReason = table.stopRequested() ? stopReason : `stopped at --max-states ${options.maxStates}`;
        break;
      }
      sizes = (await Promise.all(workers.map((w) => w.call({ kind: 'advance' })))).map(sizeOf);
      if (sizes.some((n) => n > 0)) depth++;
    }
    for (const w of workers) {
      const a = await w.call({ kind: 'witnesses' });
      if (a.kind === 'witnessed') for (const [name, reached] of Object.entries(a.reached)) if (reached) witnesses.observeNamed(name);
    }
  } finally {
    space.done();
    clearInterval(memoryWatch);
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

/** States a worker expands between two looks at its steal request (a millisecond or two of work). */
const CHECK_EVERY = 64;
/** A worker with fewer states left than this is not stolen from: copying states between threads costs more than it saves. */
const MIN_STEAL = 256;
/**
 * An idle worker takes this share of the states the busiest worker has left. Moving a state
 * costs more than expanding it: cloned out of the victim and into the thief, then interned
 * there (15 to 25 microseconds a state while the coordinator relayed it, measured on
 * Raft default with maxTerm=3, against 8 to expand it). Taking half left the thief still
 * receiving when the victim had finished its own half; a quarter measured 7% faster there
 * (an eighth the same as a quarter), with half as many states moved.
 */
const STEAL_SHARE = 4;
/** How long an idle worker's stealer waits before it looks again for a worker to steal from. */
const POLL_MS = 1;

interface RoundLimits {
  readonly checkDeadlock: boolean;
  readonly maxStates?: number;
  readonly checkEvery: number;
  readonly minSteal: number;
  readonly tally: ParallelTally;
  /** CONTROL_WORDS Int32 words per worker: its steal request and the states it has left. */
  readonly control: Int32Array;
}

interface Round {
  readonly generated: number;
  readonly found: FoundViolation[];
  /** A worker paused because the table must grow before the level can go on. */
  readonly paused: boolean;
}

/**
 * Expands the current level on every worker until the level is done, the table must grow, a
 * violation is found or the search must stop. Each worker expands its own states without
 * waiting for the coordinator; one that runs out while another still has many asks that one,
 * through shared memory, for a share of its remaining states (STEAL_SHARE), which it sends
 * straight to the thief (connectPeers). Workers share the
 * machine with other processes, so one can fall behind even when the level was split evenly,
 * and a successor belongs to the worker that inserted it first, so a level can start lopsided.
 */
async function expandRound(workers: readonly WorkerHandle[], table: SharedTable, limits: RoundLimits): Promise<Round> {
  const { control } = limits;
  let generated = 0;
  const found: FoundViolation[] = [];
  let paused = false;
  // A worker is working while it expands, and from the moment a steal for it was accepted
  // (it will expand the states it gets): the level is not over while any worker works.
  const working = workers.map(() => false);
  const mustStop = () => paused || found.length > 0 || table.stopRequested() || (limits.maxStates !== undefined && table.size >= limits.maxStates);

  const run = async (i: number): Promise<void> => {
    let call: ToWorker | undefined = { kind: 'expand', checkDeadlock: limits.checkDeadlock, every: limits.checkEvery };
    for (;;) {
      if (call) {
        working[i] = true;
        const a = await workers[i].call(call);
        working[i] = false;
        if (a.kind !== 'expanded') return;
        generated += a.generated;
        if (a.violation) found.push(a.violation);
        paused ||= a.paused;
        if (a.received) {
          limits.tally.steals++;
          limits.tally.statesMoved += a.received;
        }
        if (mustStop() || a.left > 0) return;
      }
      if (mustStop() || !working.some((busy, j) => busy && j !== i)) return;
      // Out of states: ask the worker with the most states left for a share of them, to be
      // sent straight to this one; it is working from the moment the request is posted.
      let victim = -1;
      let most = limits.minSteal - 1;
      for (let j = 0; j < workers.length; j++) {
        const left = Atomics.load(control, j * CONTROL_WORDS + LEFT);
        if (j !== i && working[j] && left > most) [victim, most] = [j, left];
      }
      if (victim >= 0 && Atomics.compareExchange(control, victim * CONTROL_WORDS + REQUEST, 0, stealRequest(Math.max(1, Math.floor(most / STEAL_SHARE)), i)) === 0) {
        call = { kind: 'receive', checkDeadlock: limits.checkDeadlock, every: limits.checkEvery };
      } else {
        call = undefined;
        await new Promise((wake) => setTimeout(wake, POLL_MS));
      }
    }
  };
  await Promise.all(workers.map((_, i) => run(i)));
  return { generated, found, paused };
}

/**
 * The trace of a violation, re-executed from the actual initial state by the recorded
 * action positions; every state on the way must be in the table.
 */
function rebuild(model: ClusterModel, table: SharedTable, v: FoundViolation, depth: number): Violation<ClusterState, ClusterAction> {
  const positions: number[] = [];
  let slot = v.fromSlot;
  while (table.parentOf(slot) >= 0) {
    positions.push(table.actionIndexOf(slot));
    slot = table.parentOf(slot);
  }
  positions.reverse();
  let state = model.initialStates()[table.actionIndexOf(slot)];
  const states: ClusterState[] = [state];
  const actions: ClusterAction[] = [];
  const step = (position: number, mustBeStored: boolean) => {
    const action = model.actions(state)[position];
    const next = action === undefined ? undefined : model.nextState(state, action);
    if (action === undefined || next === undefined || (mustBeStored && !isStored(model, table, next))) {
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

function isStored(model: ClusterModel, table: SharedTable, state: ClusterState): boolean {
  const fp = fingerprintWords(model, state);
  return table.find(fp[0], fp[1]) >= 0;
}

interface WorkerHandle {
  call(message: ToWorker): Promise<FromWorker>;
  post(message: ToWorker, transfer?: readonly MessagePort[]): void;
  stop(): Promise<number>;
}

/**
 * Gives every pair of workers a channel of their own: stolen states go straight from the
 * victim to the thief, cloned once each way, instead of through the coordinator (which
 * would deserialize and serialize them again, on one of the same cores).
 */
function connectPeers(workers: readonly WorkerHandle[]): void {
  const ports: (MessagePort | null)[][] = workers.map(() => workers.map(() => null));
  for (let i = 0; i < workers.length; i++) {
    for (let j = i + 1; j < workers.length; j++) {
      const { port1, port2 } = new MessageChannel();
      ports[i][j] = port1;
      ports[j][i] = port2;
    }
  }
  workers.forEach((w, i) => w.post({ kind: 'peers', ports: ports[i] }, ports[i].filter((p): p is MessagePort => p !== null)));
}

/** A worker thread answering one request at a time, in order. */
async function startWorker(recipe: ModelRecipe, table: SharedTable, control: Int32Array, index: number, maxStates: number | undefined): Promise<WorkerHandle> {
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
    post: (message, transfer) => worker.postMessage(message, transfer),
    stop: () => worker.terminate(),
  };
  await handle.call({ kind: 'init', recipe, table: table.buffers, control: control.buffer as SharedArrayBuffer, index, maxStates });
  return handle;
}
