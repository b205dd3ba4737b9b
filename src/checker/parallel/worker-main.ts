import { getHeapStatistics } from 'node:v8';
import { parentPort, type MessagePort } from 'node:worker_threads';
import type { ClusterModel, ClusterState } from '../../system/cluster.ts';
import { expandSuccessors } from '../expand.ts';
import { WitnessTracker } from '../properties.ts';
import { CONTROL_WORDS, HEAP_LIMIT_MB, HEAP_MB, LEFT, readStealRequest, REQUEST, type FoundViolation, type FrontierEntry, type FromWorker, type StolenStates, type ToWorker } from './protocol.ts';
import { buildFromRecipe } from './recipe.ts';
import { SharedTable } from './shared-table.ts';

/**
 * One worker of a parallel breadth-first search. It builds its own model from the recipe,
 * keeps its share of the frontier as actual states, and inserts successors into the shared
 * table; a successor it inserts first is its own to expand at the next level. While it
 * expands a level it never waits for the coordinator: every few states it publishes how many
 * states it has left and hands some over if an idle worker asked for them, straight to that
 * worker over their peer port (the coordinator only posts the request).
 */

const port = parentPort!;
let model: ClusterModel;
let table: SharedTable;
let witnesses: WitnessTracker<ReturnType<ClusterModel['initialStates']>[number]>;
let maxStates: number | undefined;
let current: FrontierEntry[] = [];
let next: FrontierEntry[] = [];
let cursor = 0;
/** This worker's words of the shared control buffer: a steal request, the states left, its heap (see CONTROL_WORDS). */
let control: Int32Array;
/** Steal checks between two publications of this worker's heap (with a check every 64 states, every 4,096 states). */
const HEAP_EVERY_CHECKS = 64;
let checks = 0;
/** A port to each other worker, by its number (see `peers`). */
let peers: readonly (MessagePort | null)[] = [];
/** Batches of stolen states that arrived before this worker was told to `receive` them, oldest first. */
const arrived: (readonly FrontierEntry[])[] = [];
/** Set while a `receive` waits for its batch. */
let awaitingBatch: ((entries: readonly FrontierEntry[]) => void) | undefined;

/** Keeps a new successor for the next level: it is this worker's, as it stored it first. */
function keep(state: ClusterState, slot: number): void {
  next.push({ state, slot });
}

function reply(message: FromWorker): void {
  port.postMessage(message);
}

/**
 * Expands the current level from `cursor` until it is done, the table must grow (a pause;
 * the next `expand` resumes), a violation is found or the search must stop. Every `every`
 * states it publishes how many states it has left and serves a steal request (`steal`).
 */
function expand(checkDeadlock: boolean, every: number): Extract<FromWorker, { kind: 'expanded' }> {
  // Open to steal requests for as long as this level runs here.
  Atomics.store(control, LEFT, current.length - cursor);
  Atomics.store(control, REQUEST, 0);
  const answer = expandStates(checkDeadlock, every);
  steal(true);
  table.flush();
  publishHeap();
  Atomics.store(control, LEFT, current.length - cursor);
  return { ...answer, left: current.length - cursor };
}

function expandStates(checkDeadlock: boolean, every: number): Omit<Extract<FromWorker, { kind: 'expanded' }>, 'left'> {
  let generated = 0;
  let sinceCheck = 0;
  while (cursor < current.length) {
    if (++sinceCheck >= every) {
      sinceCheck = 0;
      steal(false);
      Atomics.store(control, LEFT, current.length - cursor);
      if (++checks % HEAP_EVERY_CHECKS === 0) publishHeap();
      if (cursor >= current.length) break;
    }
    if (table.stopRequested()) break;
    if (table.size >= table.pauseAt) return { kind: 'expanded', paused: true, generated };
    if (maxStates !== undefined && table.size >= maxStates) break;
    const { state, slot } = current[cursor];
    const r = expandSuccessors(model, table, witnesses, state, slot, keep);
    generated += r.generated;
    if (r.broken) return found(generated, { property: r.broken.property, kind: r.broken.kind, fromSlot: slot, position: r.broken.position });
    if (r.generated === 0 && checkDeadlock) return found(generated, { property: 'Deadlock', kind: 'deadlock', fromSlot: slot, position: -1 });
    current[cursor++] = undefined as never;
  }
  return { kind: 'expanded', paused: false, generated };
}

/**
 * Serves a steal request, if any: the states asked for, from the end of those not yet
 * expanded, are posted to the thief over its peer port (possibly none). With `closing`,
 * the request word is also closed (-1) so that no request can arrive while this worker is
 * not expanding; a request made just before is still answered.
 */
function steal(closing: boolean): void {
  const request = closing ? Atomics.exchange(control, REQUEST, -1) : Atomics.load(control, REQUEST);
  if (request <= 0) return;
  const { count, thief } = readStealRequest(request);
  const entries = current.splice(Math.max(cursor, current.length - count));
  if (!closing) Atomics.store(control, REQUEST, 0);
  const batch: StolenStates = { entries };
  peers[thief]!.postMessage(batch);
}

/** The next batch of states stolen for this worker, as soon as it has arrived. */
function nextBatch(): Promise<readonly FrontierEntry[]> {
  const early = arrived.shift();
  return early ? Promise.resolve(early) : new Promise((resolve) => (awaitingBatch = resolve));
}

function onBatch({ entries }: StolenStates): void {
  const waiting = awaitingBatch;
  awaitingBatch = undefined;
  if (waiting) waiting(entries);
  else arrived.push(entries);
}

/** Adds states from another thread to the current level: their nodes and messages become this model's own objects. */
function adopt(entries: readonly FrontierEntry[]): void {
  const adopted = model.adopt(entries.map((e) => e.state));
  for (let i = 0; i < adopted.length; i++) current.push({ state: adopted[i], slot: entries[i].slot });
}

/** Publishes this worker's JavaScript heap in use, which the coordinator adds up for the memory limit. */
function publishHeap(): void {
  const heap = getHeapStatistics();
  Atomics.store(control, HEAP_MB, Math.ceil(heap.used_heap_size / 2 ** 20));
  Atomics.store(control, HEAP_LIMIT_MB, Math.floor(heap.heap_size_limit / 2 ** 20));
}

function found(generated: number, violation: FoundViolation): Omit<Extract<FromWorker, { kind: 'expanded' }>, 'left'> {
  table.requestStop();
  return { kind: 'expanded', paused: false, generated, violation };
}

async function handle(message: ToWorker): Promise<FromWorker | undefined> {
  switch (message.kind) {
    case 'init':
      model = await buildFromRecipe(message.recipe);
      table = new SharedTable(message.table);
      control = new Int32Array(message.control, message.index * CONTROL_WORDS * 4, CONTROL_WORDS);
      publishHeap();
      witnesses = new WitnessTracker(model.witnesses);
      maxStates = message.maxStates;
      return { kind: 'ready' };
    case 'peers':
      peers = message.ports;
      for (const port of peers) port?.on('message', onBatch);
      return undefined;
    case 'expand':
      return expand(message.checkDeadlock, message.every);
    case 'receive': {
      const entries = await nextBatch();
      adopt(entries);
      if (entries.length === 0) return { kind: 'expanded', paused: false, generated: 0, left: current.length - cursor, received: 0 };
      return { ...expand(message.checkDeadlock, message.every), received: entries.length };
    }
    case 'table': {
      table = new SharedTable(message.table);
      const moved = new Int32Array(message.moved);
      for (let i = cursor; i < current.length; i++) current[i].slot = moved[current[i].slot];
      for (const e of next) e.slot = moved[e.slot];
      return undefined;
    }
    case 'advance':
      current = next;
      next = [];
      cursor = 0;
      return { kind: 'size', size: current.length };
    case 'give':
      adopt(message.entries);
      return { kind: 'size', size: current.length - cursor };
    case 'probe':
      return { kind: 'probed', hasSuccessor: current.slice(cursor).some(({ state }) => model.actions(state).some((a) => model.nextState(state, a) !== undefined)) };
    case 'witnesses':
      return { kind: 'witnessed', reached: witnesses.report() };
  }
}

port.on('message', (message: ToWorker) => {
  handle(message).then(
    (answer) => answer && reply(answer),
    (error: unknown) => reply({ kind: 'failed', message: (error as Error)?.stack ?? String(error) }),
  );
});
