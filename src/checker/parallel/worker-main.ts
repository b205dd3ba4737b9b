import { parentPort } from 'node:worker_threads';
import type { ClusterModel } from '../../system/cluster.ts';
import { stateFingerprint } from '../fingerprint.ts';
import { brokenActionProperty, brokenInvariant, WitnessTracker } from '../properties.ts';
import type { FoundViolation, FrontierEntry, FromWorker, ToWorker } from './protocol.ts';
import { buildFromRecipe } from './recipe.ts';
import { SharedTable } from './shared-table.ts';

/**
 * One worker of a parallel breadth-first search. It builds its own model from the recipe,
 * keeps its share of the frontier as actual states, and inserts successors into the shared
 * table; a successor it inserts first is its own to expand at the next level.
 */

const port = parentPort!;
let model: ClusterModel;
let table: SharedTable;
let witnesses: WitnessTracker<ReturnType<ClusterModel['initialStates']>[number]>;
let maxStates: number | undefined;
let current: FrontierEntry[] = [];
let next: FrontierEntry[] = [];
let cursor = 0;

function reply(message: FromWorker): void {
  port.postMessage(message);
}

/** Expands the current level from `cursor`; pauses when the table needs to grow. */
function expand(checkDeadlock: boolean): FromWorker {
  let generated = 0;
  while (cursor < current.length) {
    if (table.stopRequested()) break;
    if (table.size >= table.pauseAt) return { kind: 'expanded', paused: true, generated };
    if (maxStates !== undefined && table.size >= maxStates) break;
    const { state, slot } = current[cursor];
    const actions = model.actions(state);
    let successors = 0;
    for (let position = 0; position < actions.length; position++) {
      const action = actions[position];
      const after = model.nextState(state, action);
      if (after === undefined) continue;
      successors++;
      generated++;
      const brokenStep = brokenActionProperty(model, state, action, after);
      if (brokenStep) return found(generated, { property: brokenStep, kind: 'action', fromSlot: slot, position });
      const inBounds = model.withinBounds(after);
      const stored = inBounds ? table.insert(stateFingerprint(model, after), slot, position) : -1;
      if (inBounds && stored < 0) continue;
      const broken = brokenInvariant(model, after);
      if (broken) return found(generated, { property: broken, kind: 'invariant', fromSlot: slot, position });
      if (!inBounds) continue;
      witnesses.observe(after);
      next.push({ state: after, slot: stored });
    }
    if (successors === 0 && checkDeadlock) return found(generated, { property: 'Deadlock', kind: 'deadlock', fromSlot: slot, position: -1 });
    current[cursor++] = undefined as never;
  }
  return { kind: 'expanded', paused: false, generated };
}

function found(generated: number, violation: FoundViolation): FromWorker {
  table.requestStop();
  return { kind: 'expanded', paused: false, generated, violation };
}

async function handle(message: ToWorker): Promise<FromWorker | undefined> {
  switch (message.kind) {
    case 'init':
      model = await buildFromRecipe(message.recipe);
      table = new SharedTable(message.table);
      witnesses = new WitnessTracker(model.witnesses);
      maxStates = message.maxStates;
      return { kind: 'ready' };
    case 'expand':
      return expand(message.checkDeadlock);
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
    case 'take': {
      const entries = current.splice(current.length - message.count, message.count);
      return { kind: 'taken', entries };
    }
    case 'give':
      current.push(...message.entries);
      return { kind: 'size', size: current.length };
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
