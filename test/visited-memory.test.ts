import { describe, expect, it } from 'vitest';
import { bfs } from '../src/checker/bfs.ts';
import { dfs } from '../src/checker/dfs.ts';
import { MemoryGuard } from '../src/checker/memory.ts';
import { simulate } from '../src/checker/simulate.ts';
import type { Model } from '../src/model/model.ts';
import { counterModel } from './support/toy.ts';

const MB = 2 ** 20;

/**
 * An infinite binary tree: state n has children 2n and 2n + 1, all distinct. BFS's frontier
 * doubles at every level, so memory grows fast and without end.
 */
function treeModel(): Model<number, 0 | 1> {
  return {
    protocol: 'tree',
    variant: 'default',
    params: {},
    initialStates: () => [1],
    actions: () => [0, 1],
    nextState: (n, bit) => 2 * n + bit,
    withinBounds: () => true,
    fingerprint: (n) => String(n),
    invariants: [],
    actionProperties: [],
    witnesses: [],
    describeAction: (bit) => `child ${bit}`,
  };
}

function inUseMb(): number {
  const { heapUsed, external } = process.memoryUsage();
  return (heapUsed + external) / MB;
}

describe('memoryLimitMb', () => {
  it('stops a model that grows without end cleanly, as incomplete, with its figures so far', () => {
    const limitMb = Math.ceil(inUseMb()) + 48;
    const r = bfs(treeModel(), { memoryLimitMb: limitMb });
    expect(r.result).toBe('incomplete');
    expect(r.incompleteReason).toMatch(new RegExp(`--memory-limit ${limitMb} MB`));
    expect(r.violation).toBeUndefined();
    // It got somewhere before stopping: 48 MB hold far more than 10,000 states.
    expect(r.distinctStates).toBeGreaterThan(10_000);
    expect(r.statesGenerated).toBeGreaterThanOrEqual(r.distinctStates);
    expect(r.fingerprintCollisionProbability).toBeDefined();
  });

  it('stops the unbounded counter at once under a limit already exceeded, in bfs, dfs and simulation', () => {
    const model = counterModel(1_000_000_000);
    for (const r of [bfs(model, { memoryLimitMb: 1 }), dfs(model, { memoryLimitMb: 1 }), simulate(model, { memoryLimitMb: 1, seed: 1, runs: 10, depth: 100 })]) {
      expect(r.result).toBe('incomplete');
      expect(r.incompleteReason).toMatch(/--memory-limit 1 MB/);
      // The first check comes before the first expansion (or the first run), so nothing was lost.
      expect(r.distinctStates).toBeLessThanOrEqual(1);
    }
  });

  it('does not cut a run that fits', () => {
    const r = bfs(counterModel(50), { memoryLimitMb: Math.ceil(inUseMb()) + 512 });
    expect(r.result).toBe('ok');
    expect(r.distinctStates).toBe(51);
  });
});

describe('MemoryGuard', () => {
  const reading = (heapUsedMb: number, externalMb: number) => () => ({ heapUsed: heapUsedMb * MB, external: externalMb * MB });

  it('counts the heap in use plus external memory (typed arrays) against the limit', () => {
    expect(new MemoryGuard(100, reading(60, 39), 4096 * MB).exceeded()).toBeUndefined();
    expect(new MemoryGuard(100, reading(60, 40), 4096 * MB).exceeded()).toBe('stopped at --memory-limit 100 MB (100 MB in use)');
  });

  it('without a limit, still stops before the JavaScript heap is full', () => {
    expect(new MemoryGuard(undefined, reading(3000, 0), 4096 * MB).exceeded()).toBeUndefined();
    expect(new MemoryGuard(undefined, reading(3700, 0), 4096 * MB).exceeded()).toMatch(/heap is nearly full \(3700 of 4096 MB\)/);
  });

  it('allows an allocation only when it fits under the limit', () => {
    const guard = new MemoryGuard(100, reading(50, 10), 4096 * MB);
    expect(guard.allows(39 * MB)).toBe(true);
    expect(guard.allows(40 * MB)).toBe(false);
    expect(new MemoryGuard(undefined, reading(50, 10), 4096 * MB).allows(10_000 * MB)).toBe(true);
  });

  it('rejects a limit that is not a positive number', () => {
    expect(() => new MemoryGuard(0)).toThrow(RangeError);
    expect(() => new MemoryGuard(-5)).toThrow(RangeError);
  });
});
