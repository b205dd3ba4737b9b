import { describe, expect, it } from 'vitest';
import { bfs } from '../src/checker/bfs.ts';
import { replayActions } from '../src/checker/graph.ts';
import { parallelBfs } from '../src/checker/parallel/parallel-bfs.ts';
import { buildFromRecipe, type ModelRecipe } from '../src/checker/parallel/recipe.ts';
import { SharedTable } from '../src/checker/parallel/shared-table.ts';

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
    // Each fingerprint's parent is the one inserted before it.
    const slots: number[] = [];
    for (const [i, fp] of [1n, 2n, 17n, 2n ** 63n + 5n].entries()) slots.push(t.insert(fp, i === 0 ? -1 : slots[i - 1], i));
    expect(slots.every((s) => s >= 0)).toBe(true);
    expect(t.insert(17n, 0, 0)).toBe(-1);
    expect(t.size).toBe(4);
    const { table } = t.grown();
    expect(table.capacity).toBe(32);
    expect(table.size).toBe(4);
    const at = table.find(2n ** 63n + 5n);
    expect(table.via[at]).toBe(3);
    // Its parent was the third fingerprint inserted (17n), now at a new slot.
    expect(table.parents[at]).toBe(table.find(17n));
    expect(table.parents[table.find(1n)]).toBe(-1);
    expect(table.find(99n)).toBe(-1);
  });
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

  it('finds a violation at the shortest depth, with a trace that re-executes on the model', async () => {
    const recipe: ModelRecipe = { protocol: 'paxos', variant: 'minority-quorum', params: { learners: 0 } };
    const model = await buildFromRecipe(recipe);
    const expected = bfs(model);
    expect(expected.result).toBe('violation');
    for (const workers of [1, 2]) {
      const r = await parallelBfs(recipe, { workers, initialCapacity: 64 });
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
