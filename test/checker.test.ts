import { describe, expect, it } from 'vitest';
import { bfs } from '../src/checker/bfs.ts';
import { dfs } from '../src/checker/dfs.ts';
import { simulate } from '../src/checker/simulate.ts';
import { counterModel, jumpModel, pingModel } from './support/toy.ts';

// Every expected count below is worked out by hand in the comment beside it.

describe('bfs on a bounded counter', () => {
  it('finds exactly max + 1 states (0..max), depth max, and reaches the witness', () => {
    const r = bfs(counterModel(7));
    expect(r.result).toBe('ok');
    expect(r.distinctStates).toBe(8);
    // One initial state plus one successor per non-final state: 1 + 7.
    expect(r.statesGenerated).toBe(8);
    expect(r.maxDepth).toBe(7);
    expect(r.witnesses).toEqual({ ReachedMax: true });
  });

  it('returns the shortest trace to a violation: n reaches 3 after exactly 3 steps', () => {
    const r = bfs(counterModel(10, { badAt: 3 }));
    expect(r.result).toBe('violation');
    expect(r.violation?.property).toBe('BelowBad');
    expect(r.violation?.depth).toBe(3);
    expect(r.violation?.trace.actions).toHaveLength(3);
    expect(r.violation?.trace.states.map((s) => s.nodes.c.context.n)).toEqual([0, 1, 2, 3]);
  });

  it('applies bounds as a TLC CONSTRAINT: states past n <= 3 are not counted or expanded', () => {
    const r = bfs(counterModel(10, { bound: 3 }));
    expect(r.result).toBe('ok');
    expect(r.distinctStates).toBe(4);
    // 0..3 are expanded; 3's successor (4) is generated, checked, and dropped.
    expect(r.statesGenerated).toBe(5);
    expect(r.witnesses.ReachedMax).toBe(false);
  });

  it('still checks invariants on a state just outside the bounds', () => {
    const r = bfs(counterModel(10, { bound: 3, badAt: 4 }));
    expect(r.result).toBe('violation');
    expect(r.violation?.depth).toBe(4);
  });

  it('says incomplete, never ok, when --max-states cuts the run', () => {
    const r = bfs(counterModel(100), { maxStates: 10 });
    expect(r.result).toBe('incomplete');
    expect(r.incompleteReason).toMatch(/max-states/);
  });

  it('says incomplete when --max-depth cuts the run, ok when the depth is enough', () => {
    expect(bfs(counterModel(10), { maxDepth: 4 }).result).toBe('incomplete');
    expect(bfs(counterModel(10), { maxDepth: 10 }).result).toBe('ok');
  });

  it('says incomplete when the time limit cuts the run', () => {
    const r = bfs(counterModel(1_000_000), { timeLimitMs: 1 });
    expect(r.result).toBe('incomplete');
    expect(r.incompleteReason).toMatch(/time-limit/);
  });

  it('reports a deadlock only when asked: the counter stops at max', () => {
    expect(bfs(counterModel(3)).result).toBe('ok');
    const r = bfs(counterModel(3), { checkDeadlock: true });
    expect(r.result).toBe('violation');
    expect(r.violation?.property).toBe('Deadlock');
    expect(r.violation?.depth).toBe(3);
  });
});

describe('a two-process ping protocol under each network semantics', () => {
  // The sender sends ping 1 then ping 2; the receiver records each delivery in order.
  // fifo: (sent, got) with got a prefix of what was sent, in order: 1 + 2 + 3 = 6.
  // bag: each copy delivered at most once, in any order: sent=0: {[]}; sent=1: {[], [1]};
  //   sent=2: {[], [1], [2], [1,2], [2,1]}: 1 + 2 + 5 = 8.
  // set: messages stay and can be received again; the bound keeps got.length <= 3:
  //   sent=0: 1; sent=1: sequences of 1s of length 0..3: 4; sent=2: 1 + 2 + 4 + 8 = 15. Total 20.
  it.each([
    ['fifo', 6],
    ['bag', 8],
    ['set', 20],
  ] as const)('%s: %i states by BFS and by DFS', (network, expected) => {
    expect(bfs(pingModel(2, network)).distinctStates).toBe(expected);
    expect(dfs(pingModel(2, network)).distinctStates).toBe(expected);
  });

  it('bag without faults delivers each copy once: no ping is ever received twice', () => {
    expect(bfs(pingModel(2, 'bag', {}, { noDoubleDelivery: true })).result).toBe('ok');
  });

  it('bag with duplicate: a ping received twice, shortest after send, duplicate, deliver, deliver', () => {
    const r = bfs(pingModel(2, 'bag', { duplicate: true }, { noDoubleDelivery: true }));
    expect(r.result).toBe('violation');
    expect(r.violation?.depth).toBe(4);
    expect(r.violation?.trace.actions.map((a) => a.kind)).toEqual(['local', 'duplicate', 'deliver', 'deliver']);
  });

  it('bag with drop: a dropped ping is never received', () => {
    // Each sent ping is in flight, dropped or delivered. sent=0: 1 state.
    // sent=1: in flight, dropped, got [1]: 3. sent=2: for each of ping 1, 2
    // independently in flight / dropped / delivered, with delivered ones in either order:
    // 3*3 = 9 outcomes, plus 1 for the order [2,1] when both are delivered: 10. Total 1 + 3 + 10 = 14.
    expect(bfs(pingModel(2, 'bag', { drop: true })).distinctStates).toBe(14);
  });
});

describe('dfs and simulation', () => {
  it('dfs finds a violation with a trace that really reaches it', () => {
    const r = dfs(counterModel(10, { badAt: 5 }));
    expect(r.result).toBe('violation');
    const last = r.violation!.trace.states.at(-1)!;
    expect(last.nodes.c.context.n).toBe(5);
  });

  it('simulation with the same seed gives the same runs, and never claims ok', () => {
    const a = simulate(pingModel(3, 'bag'), { seed: 42, runs: 20, depth: 10 });
    const b = simulate(pingModel(3, 'bag'), { seed: 42, runs: 20, depth: 10 });
    expect(a.result).toBe('incomplete');
    expect(a.seed).toBe(42);
    expect({ ...a, durationMs: 0, statesPerSecond: 0 }).toEqual({ ...b, durationMs: 0, statesPerSecond: 0 });
  });

  it('simulation walks within the bounds, whatever share of the successors is outside them', () => {
    // From n = 0..9 the only successor within n <= 10 is inc, so every run goes 0, 1, ..., 10
    // and stops there (both successors of 10 are outside): depth 10, states 0..10. Each run
    // generates its initial state and 2 successors of each of the 11 states it reaches.
    const r = simulate(jumpModel(10), { seed: 3, runs: 5, depth: 50 });
    expect([r.maxDepth, r.distinctStates, r.statesGenerated]).toEqual([10, 11, 5 * (1 + 11 * 2)]);
    expect(r.witnesses).toEqual({ ReachedBound: true });
  });

  it('simulation checks every successor, also those outside the bounds it does not walk to', () => {
    // n = 105 is outside the bounds, one jump from n = 5: a walk passes n = 5 at step 5, so
    // its first run finds it at depth 6, whichever successors it walks to.
    const r = simulate(jumpModel(10, { badAt: 105 }), { seed: 3, runs: 1, depth: 50 });
    expect(r.result).toBe('violation');
    expect(r.violation?.depth).toBe(6);
    expect(r.violation?.trace.actions.map((a) => (a.kind === 'local' ? a.event.type : a.kind))).toEqual(['inc', 'inc', 'inc', 'inc', 'inc', 'jump']);
  });

  it('simulation finds a reachable violation and returns its run as the trace', () => {
    const r = simulate(counterModel(10, { badAt: 4 }), { seed: 1, runs: 1, depth: 20 });
    expect(r.result).toBe('violation');
    expect(r.violation?.trace.actions).toHaveLength(4);
  });
});
