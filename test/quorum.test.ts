import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/model/errors.ts';
import { quorumsCommand } from '../src/quorum/command.ts';
import { disjointPair } from '../src/quorum/intersection.ts';
import { containsQuorum, gridQuorums, sizeQuorums, subsetsOfSize, type QuorumSystem } from '../src/quorum/system.ts';

const members = (n: number) => Array.from({ length: n }, (_, i) => `a${i + 1}`);

/** n choose k, by the multiplicative formula: a second computation of the subset count. */
function binomial(n: number, k: number): number {
  let out = 1;
  for (let i = 1; i <= k; i++) out = (out * (n - k + i)) / i;
  return out;
}

describe('quorum systems', () => {
  it('enumerates every subset of a size, C(n, k) of them', () => {
    for (let n = 1; n <= 7; n++) for (let k = 1; k <= n; k++) expect(subsetsOfSize(members(n), k).length).toBe(binomial(n, k));
  });

  it('lays a grid out row by row: rows are Phase 1 quorums, columns Phase 2', () => {
    const g = gridQuorums(members(6), 2);
    expect(g.phase1).toEqual([
      ['a1', 'a2', 'a3'],
      ['a4', 'a5', 'a6'],
    ]);
    expect(g.phase2).toEqual([
      ['a1', 'a4'],
      ['a2', 'a5'],
      ['a3', 'a6'],
    ]);
  });

  it('finds a quorum inside a set of any order, and none in a smaller set', () => {
    const s = sizeQuorums(members(4), 2, 3);
    expect(containsQuorum(['a4', 'a2'], s.phase1)).toBe(true);
    expect(containsQuorum(['a4'], s.phase1)).toBe(false);
    expect(containsQuorum(['a4', 'a2', 'a1'], s.phase2)).toBe(true);
  });
});

describe('quorum intersection', () => {
  it('agrees with the closed form for sizes: every Q1 meets every Q2 exactly when q1 + q2 > n', () => {
    for (let n = 1; n <= 7; n++) {
      for (let q1 = 1; q1 <= n; q1++) {
        for (let q2 = 1; q2 <= n; q2++) {
          const pair = disjointPair(sizeQuorums(members(n), q1, q2));
          expect(pair === undefined, `n=${n} q1=${q1} q2=${q2}`).toBe(q1 + q2 > n);
          if (pair) expect(pair.phase1.filter((m) => pair.phase2.includes(m))).toEqual([]);
        }
      }
    }
  });

  it("names the disjoint pair of the paper's unsafe example N=4, Q1=2, Q2=2", () => {
    expect(disjointPair(sizeQuorums(members(4), 2, 2))).toEqual({ phase1: ['a1', 'a2'], phase2: ['a3', 'a4'] });
  });

  it('finds that every row meets every column of a grid, and that two rows of one grid do not meet', () => {
    for (const [n, rows] of [[4, 2], [6, 2], [6, 3], [9, 3], [12, 4], [5, 1], [5, 5]]) expect(disjointPair(gridQuorums(members(n), rows))).toBeUndefined();
    const rowsOnly: QuorumSystem = { ...gridQuorums(members(4), 2), description: 'rows for both phases', phase2: gridQuorums(members(4), 2).phase1 };
    expect(disjointPair(rowsOnly)).toEqual({ phase1: ['a1', 'a2'], phase2: ['a3', 'a4'] });
  });
});

describe('soffio quorums', () => {
  it("exits 0 for the paper's N=4, Q1=2, Q2=3 and says the system is safe", () => {
    const out = quorumsCommand({ n: 4, q1: 2, q2: 3 });
    expect(out.exitCode).toBe(0);
    expect(out.text).toContain('safe: every Phase 1 quorum intersects every Phase 2 quorum');
    expect(out.text).toContain('Phase 1 quorums: 6 minimal'); // C(4, 2)
    expect(out.text).toContain('Phase 2 quorums: 4 minimal'); // C(4, 3)
  });

  it('exits 1 for N=4, Q1=2, Q2=2 and names a pair that does not intersect', () => {
    const out = quorumsCommand({ n: 4, q1: 2, q2: 2 });
    expect(out.exitCode).toBe(1);
    expect(out.text).toContain('Phase 1 quorum {a1, a2} and Phase 2 quorum {a3, a4} do not intersect');
  });

  it('defaults both sizes to a majority, which always intersects', () => {
    for (let n = 1; n <= 8; n++) expect(quorumsCommand({ n }).exitCode).toBe(0);
  });

  it('checks a grid given as ROWSxCOLS, and reports JSON', () => {
    const out = quorumsCommand({ n: 6, grid: '2x3', json: true });
    expect(out.exitCode).toBe(0);
    expect(JSON.parse(out.text)).toMatchObject({ intersect: true, phase1Quorums: 2, phase2Quorums: 3, acceptors: members(6) });
    expect(JSON.parse(quorumsCommand({ n: 5, q1: 1, q2: 4, json: true }).text)).toMatchObject({ intersect: false, disjoint: { phase1: ['a1'], phase2: ['a2', 'a3', 'a4', 'a5'] } });
  });

  it('refuses bad input with a UsageError', () => {
    for (const bad of [{ n: 0 }, { n: 13 }, { n: 2.5 }, { n: 4, q1: 5 }, { n: 4, q2: 0 }, { n: 4, grid: '3x2' }, { n: 4, grid: 'two' }, { n: 4, grid: '2x2', q1: 2 }]) {
      expect(() => quorumsCommand(bad), JSON.stringify(bad)).toThrow(UsageError);
    }
  });
});
