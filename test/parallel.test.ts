import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { bfs } from '../src/checker/bfs.ts';
import { replayActions } from '../src/checker/graph.ts';
import { newTally, parallelBfs } from '../src/checker/parallel/parallel-bfs.ts';
import { buildFromRecipe, type ModelRecipe } from '../src/checker/parallel/recipe.ts';
import { readStealRequest, stealRequest } from '../src/checker/parallel/protocol.ts';
import { GrowthSpace, SharedTable } from '../src/checker/parallel/shared-table.ts';

/**
 * Parallel BFS explores exactly the states sequential BFS explores, whatever the number of
 * workers, and finds a violation at the same (shortest) depth with a trace that re-executes.
 * The expected counts are sequential BFS's on the same model, a second, independent engine.
 * A small initial table forces the table to grow (and slots to be renumbered) mid-level.
 */

const toy = new URL('./support/toy.ts', import.meta.url).href;
const recipes: [string, ModelRecipe][] = [
  ['ping over a bag with drops and duplicates', { module: toy, exportName: 'pingModel', args: [3, 'bag', { drop: true, duplicate: true }] }],
  ['paxos tla 3 acceptors, ballots 0..1', { protocol: 'paxos', variant: 'tla', params: { acceptors: 3, values: 2, maxBallot: 1 } }],
  ['paxos default, one ballot', { protocol: 'paxos', params: { maxBallot: 0 } }],
  ['raft tla, 2 servers', { protocol: 'raft', variant: 'tla', params: { servers: 2, values: 1, maxTerm: 2, maxLogLength: 1, maxCopies: 1, maxInFlight: 1 } }],
  ['raft tla, 2 servers, symmetry', { protocol: 'raft', variant: 'tla', params: { servers: 2, values: 1, maxTerm: 2, maxLogLength: 1, maxCopies: 1, maxInFlight: 1 }, symmetry: true }],
];

describe('the shared fingerprint table', () => {
  it('inserts each fingerprint once, and keeps entries and parent links through growth', () => {
    const t = SharedTable.create(16);
    // [low word, high word]; 1, 17 and 33 start probing at the same slot of 16, and two keys
    // share the low word 17: the high word tells them apart.
    const keys: [number, number][] = [[1, 0], [17, 0], [17, 4], [33, 0x80000000], [0xffffffff, 0xffffffff]];
    // Each fingerprint's parent is the one inserted before it.
    const slots: number[] = [];
    for (const [i, [lo, hi]] of keys.entries()) slots.push(t.addWords(lo, hi, i === 0 ? -1 : slots[i - 1], i));
    expect(slots.every((s) => s >= 0)).toBe(true);
    expect(new Set(slots).size).toBe(5);
    expect(t.addWords(17, 4, 0, 0)).toBe(-1);
    expect(t.addWords(17, 0, 0, 0)).toBe(-1);
    expect(t.size).toBe(5);
    const { table } = t.grown();
    expect(table.capacity).toBe(32);
    expect(table.size).toBe(5);
    const at = table.find(33, 0x80000000);
    expect(table.actionIndexOf(at)).toBe(3);
    // Its parent was the third fingerprint inserted ([17, 4]), now at a new slot.
    expect(table.parentOf(at)).toBe(table.find(17, 4));
    expect(table.parentOf(table.find(1, 0))).toBe(-1);
    expect(table.find(17, 5)).toBe(-1);
    expect(table.find(99, 0)).toBe(-1);
  });

  it('grows into memory made ready beforehand, in whole or in part, exactly as into fresh memory', () => {
    // 4,096 slots: the doubled table's slots take 32 pages and the map of moved slots 4, so
    // 10 pages stop inside the slots and 34 inside the map.
    const fill = () => {
      const t = SharedTable.create(4096);
      let parent = -1;
      for (let i = 1; i <= 1500; i++) {
        const slot = t.addWords(Math.imul(i, 0x9e3779b1), i, parent, i % 7);
        if (i % 3 === 0) parent = slot;
      }
      return t;
    };
    const fresh = fill().grown();
    expect(fresh.table.size).toBe(1500);
    for (const pages of [0, 10, 34, 1000]) {
      const t = fill();
      const space = new GrowthSpace(t.capacity);
      expect(space.prepare(pages)).toBe(pages >= 36);
      const grown = t.grown(space);
      expect(grown.table.capacity).toBe(8192);
      expect(grown.moved).toEqual(fresh.moved);
      expect(grown.table.words).toEqual(fresh.table.words);
    }
  });

  it('stores a word of 0 as 1, the one approximation of the two-word keys', () => {
    const t = SharedTable.create(16);
    expect(t.addWords(0, 5, -1, 0)).toBeGreaterThanOrEqual(0);
    expect(t.addWords(1, 5, -1, 0)).toBe(-1);
    expect(t.addWords(5, 0, -1, 0)).toBeGreaterThanOrEqual(0);
    expect(t.find(5, 1)).toBeGreaterThanOrEqual(0);
  });

  it('under concurrent inserts from 2 worker threads, stores each distinct key exactly once', async () => {
    // Both workers insert the same 60,000 keys in the same order, so they race on every key
    // (a claim that is not atomic shows up as keys inserted twice: 60,074 and 62,203 in two
    // runs with a plain write); only 4,096 low words, so every key shares its low word with
    // about 15 others and the claim-then-publish path is exercised. Expected: 60,000 distinct keys, each
    // inserted by exactly one worker (the successful inserts add up to 60,000).
    const n = 60_000;
    const table = SharedTable.create(1 << 17);
    const tableModule = new URL('../src/checker/parallel/shared-table.ts', import.meta.url).href;
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      (async () => {
        const { register } = await import('tsx/esm/api');
        register();
        const { SharedTable } = await import(workerData.tableModule);
        const t = new SharedTable(workerData.buffers);
        const { first, count, step } = workerData;
        const start = new Int32Array(workerData.gate);
        parentPort.postMessage('ready');
        Atomics.wait(start, 0, 0);
        const mine = [];
        for (let k = 0, i = first; k < count; k++, i += step) if (t.addWords(1 + (i % 4096) * 16, 1 + Math.floor(i / 4096), -1, 0) >= 0) mine.push(i);
        t.flush();
        parentPort.postMessage(mine);
      })();`;
    const gate = new SharedArrayBuffer(4);
    const ready: Promise<void>[] = [];
    const run = (first: number, step: number) =>
      new Promise<number[]>((resolve, reject) => {
        const w = new Worker(code, { eval: true, workerData: { tableModule, buffers: table.buffers, gate, first, count: n, step } });
        ready.push(new Promise((loaded) => w.once('message', () => loaded())));
        w.on('message', (m: number[] | 'ready') => {
          if (m === 'ready') return;
          resolve(m);
          void w.terminate();
        });
        w.once('error', reject);
      });
    const results = Promise.all([run(0, 1), run(0, 1)]);
    // Both workers have loaded: open the gate for both at once.
    await Promise.all(ready);
    Atomics.store(new Int32Array(gate), 0, 1);
    Atomics.notify(new Int32Array(gate), 0);
    const [a, b] = await results;
    expect(table.size).toBe(60_000);
    expect(a.length + b.length).toBe(60_000);
    expect(new Set([...a, ...b]).size).toBe(60_000);
    let missing = 0;
    for (let i = 0; i < n; i++) if (table.find(1 + (i % 4096) * 16, 1 + Math.floor(i / 4096)) < 0) missing++;
    expect(missing).toBe(0);
    expect(table.find(1, 1 + Math.ceil(60_000 / 4096))).toBe(-1);
  }, 60_000);
});

describe('parallel BFS', () => {
  it.each(recipes)('%s: the same distinct and generated counts as sequential BFS with 1, 2 and 3 workers', async (_, recipe) => {
    const expected = bfs(await buildFromRecipe(recipe));
    expect(expected.result).toBe('ok');
    for (const workers of [1, 2, 3]) {
      const r = await parallelBfs(recipe, { workers, initialCapacity: 64 });
      expect(r.result).toBe('ok');
      expect(r.distinctStates).toBe(expected.distinctStates);
      expect(r.statesGenerated).toBe(expected.statesGenerated);
      expect(r.maxDepth).toBe(expected.maxDepth);
      expect(r.witnesses).toEqual(expected.witnesses);
    }
  }, 240_000);

  it.each(recipes)('%s: the same counts when workers look for steal requests after every state and steal from each other mid-level', async (_, recipe) => {
    const expected = bfs(await buildFromRecipe(recipe));
    const tally = newTally();
    const r = await parallelBfs(recipe, { workers: 2, initialCapacity: 64, checkEvery: 1, minSteal: 2, tally });
    expect(r.result).toBe('ok');
    expect(r.distinctStates).toBe(expected.distinctStates);
    expect(r.statesGenerated).toBe(expected.statesGenerated);
    expect(r.maxDepth).toBe(expected.maxDepth);
    expect(r.witnesses).toEqual(expected.witnesses);
    // The run did steal and did grow the table (64 slots to start with), so both paths were taken.
    expect(tally.steals).toBeGreaterThan(0);
    expect(tally.statesMoved).toBeGreaterThanOrEqual(tally.steals);
    expect(tally.growths).toBeGreaterThan(0);
  }, 240_000);

  it('ping with 3 workers that steal from each other mid-level: the same counts as sequential BFS', async () => {
    const recipe = recipes[0][1];
    const expected = bfs(await buildFromRecipe(recipe));
    const tally = newTally();
    const r = await parallelBfs(recipe, { workers: 3, initialCapacity: 64, checkEvery: 1, minSteal: 2, tally });
    expect([r.distinctStates, r.statesGenerated, r.maxDepth]).toEqual([expected.distinctStates, expected.statesGenerated, expected.maxDepth]);
    expect(tally.steals).toBeGreaterThan(0);
  }, 240_000);

  it('a steal request is one word that is never 0 (an open request word), naming the count and the thief', () => {
    // Worker 0 asking for 0 states must still post a request (0 reads as none: it would wait forever).
    expect(stealRequest(0, 0)).toBeGreaterThan(0);
    expect(readStealRequest(stealRequest(0, 0))).toEqual({ count: 1, thief: 0 });
    expect(readStealRequest(stealRequest(700, 2))).toEqual({ count: 700, thief: 2 });
    expect(readStealRequest(stealRequest(2 ** 30, 255))).toEqual({ count: 2 ** 22, thief: 255 });
    expect(stealRequest(2 ** 30, 255)).toBeLessThan(2 ** 31);
  });

  it('stops cleanly at --memory-limit, counting every worker\'s heap and the shared table, and does not cut a run that fits', async () => {
    const recipe: ModelRecipe = { protocol: 'raft' };
    const inUseMb = Math.ceil((process.memoryUsage().heapUsed + process.memoryUsage().external) / 2 ** 20);
    // The shared table alone is 16 MB and each worker's heap holds its model and frontier:
    // 40 MB over what this thread already uses cannot hold Raft default's 163,035 states.
    const cut = await parallelBfs(recipe, { workers: 2, memoryLimitMb: inUseMb + 40 });
    expect(cut.result).toBe('incomplete');
    expect(cut.incompleteReason).toMatch(new RegExp(`--memory-limit ${inUseMb + 40} MB`));
    expect(cut.distinctStates).toBeLessThan(163_035);
    const whole = await parallelBfs(recipe, { workers: 2, memoryLimitMb: inUseMb + 2048 });
    expect(whole.result).toBe('ok');
    expect(whole.distinctStates).toBe(163_035);
  }, 240_000);

  it('finds a violation at the shortest depth, with a trace that re-executes on the model', async () => {
    const recipe: ModelRecipe = { protocol: 'paxos', variant: 'minority-quorum', params: { learners: 0 } };
    const model = await buildFromRecipe(recipe);
    const expected = bfs(model);
    expect(expected.result).toBe('violation');
    for (const [workers, checkEvery] of [[1, 64], [2, 64], [2, 1]]) {
      const r = await parallelBfs(recipe, { workers, initialCapacity: 64, checkEvery, minSteal: 2 });
      expect(r.result).toBe('violation');
      expect(r.violation!.property).toBe(expected.violation!.property);
      expect(r.violation!.depth).toBe(expected.violation!.depth);
      const trace = r.violation!.trace;
      expect(trace.states).toHaveLength(r.violation!.depth + 1);
      const replayed = replayActions(model, model.initialStates()[0], trace.actions);
      expect(replayed.states.map((s) => model.fingerprint(s))).toEqual(trace.states.map((s) => model.fingerprint(s)));
      expect(model.invariants.find((i) => i.name === r.violation!.property)!.holds(trace.states.at(-1)!)).toBe(false);
    }
  }, 240_000);

  it('stops at --max-states with an incomplete result', async () => {
    const r = await parallelBfs({ protocol: 'paxos', variant: 'tla', params: { acceptors: 3, values: 2, maxBallot: 1 } }, { workers: 2, maxStates: 100 });
    expect(r.result).toBe('incomplete');
    expect(r.distinctStates).toBeGreaterThanOrEqual(100);
  }, 120_000);
});

describe('soffio check --workers and --symmetry', () => {
  it('reports the counts of the in-process searches, and refuses --workers with dfs', async () => {
    const { runAll } = await import('./support/cli-run.ts');
    const { withSymmetry } = await import('../src/symmetry/symmetric.ts');
    const recipe: ModelRecipe = { protocol: 'paxos', variant: 'tla', params: { acceptors: 3, values: 2, maxBallot: 1 } };
    const runs = await runAll({
      parallel: { args: ['check', 'paxos', '--variant', 'tla', '--param', 'maxBallot=1', '--workers', '2', '--json'] },
      symmetric: { args: ['check', 'paxos', '--variant', 'tla', '--param', 'maxBallot=1', '--symmetry', '--workers', '2', '--json'] },
      dfs: { args: ['check', 'paxos', '--strategy', 'dfs', '--workers', '2'] },
    });
    const model = await buildFromRecipe(recipe);
    expect(runs.parallel.code).toBe(0);
    expect(JSON.parse(runs.parallel.stdout).distinctStates).toBe(bfs(model).distinctStates);
    expect(runs.symmetric.code).toBe(0);
    expect(JSON.parse(runs.symmetric.stdout).distinctStates).toBe(bfs(withSymmetry(model)).distinctStates);
    expect(runs.dfs.code).toBe(2);
    expect(runs.dfs.stderr).toMatch(/--workers applies only to --strategy bfs/);
  }, 240_000);
});
