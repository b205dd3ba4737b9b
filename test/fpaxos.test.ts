import { describe, expect, it } from 'vitest';
import { bfs } from '../src/checker/bfs.ts';
import type { CheckResult } from '../src/checker/result.ts';
import { resolveParams, variantOf } from '../src/model/protocol.ts';
import { disjointPair } from '../src/quorum/intersection.ts';
import { sizeQuorums } from '../src/quorum/system.ts';
import type { ClusterAction, ClusterState } from '../src/system/cluster.ts';
import { protocol } from '../models/fpaxos/index.ts';
import { fpaxosInvariants } from '../spec/fpaxos/properties.ts';
import { exploreFPaxos, type Quorums } from './support/fpaxosExplorer.ts';

/** Builds a model the way the CLI does: the variant's defaults, then the given params. */
function model(variant: string, given: Record<string, number | string> = {}) {
  const params = resolveParams(protocol, variantOf(protocol, variant), given);
  return { params, model: protocol.build(params, variant) };
}

const results = new Map<string, CheckResult<ClusterState, ClusterAction>>();
function checkVariant(variant: string) {
  let r = results.get(variant);
  if (!r) results.set(variant, (r = bfs(model(variant).model)));
  return r;
}

const explorerConfig = (p: Record<string, unknown>, quorums: Quorums) => ({
  proposers: p.proposers as number,
  acceptors: p.acceptors as number,
  values: p.values as number,
  maxBallot: p.maxBallot as number,
  quorums,
});

describe('fpaxos default model', () => {
  it("proves Agreement and Validity for the paper's N=4, Q1=2, Q2=3, reaching both witnesses", () => {
    const r = checkVariant('default');
    expect(r.params).toMatchObject({ acceptors: 4, q1: 2, q2: 3, quorums: 'size' });
    expect(r.result).toBe('ok');
    expect(r.witnesses).toEqual({ ValueChosen: true, ChosenAgainInLaterBallot: true });
    // Pinned from the independent explorer: exploreFPaxos({ proposers: 1, acceptors: 4,
    // values: 2, maxBallot: 1, quorums: { kind: 'size', q1: 2, q2: 3 } }) gives exactly these
    // (too slow to rerun here; smaller configurations below are compared live).
    expect([r.distinctStates, r.statesGenerated]).toEqual([83_377, 423_570]);
  });

  it('has the hand-counted graph of one proposer, one acceptor, one ballot, quorums of one', () => {
    // NewBallot, Prepare received, Promise received (Accept sent), Accept received: a chain of
    // 5 states; generated adds the Accept received again in the last state: 1 + 4 + 1 = 6.
    const r = bfs(model('default', { acceptors: 1, q1: 1, q2: 1, maxBallot: 0 }).model);
    expect([r.result, r.distinctStates, r.statesGenerated, r.maxDepth]).toEqual(['ok', 5, 6, 4]);
    expect(exploreFPaxos({ proposers: 1, acceptors: 1, values: 2, maxBallot: 0, quorums: { kind: 'size', q1: 1, q2: 1 } })).toMatchObject({ distinct: 5, generated: 6 });
  });

  const configs: { given: Record<string, number | string>; quorums: Quorums }[] = [
    { given: { acceptors: 3, q1: 1, q2: 3 }, quorums: { kind: 'size', q1: 1, q2: 3 } },
    { given: { proposers: 2, acceptors: 2, q1: 1, q2: 2 }, quorums: { kind: 'size', q1: 1, q2: 2 } },
    { given: { proposers: 2, acceptors: 3, q1: 3, q2: 1, values: 1 }, quorums: { kind: 'size', q1: 3, q2: 1 } },
    { given: { acceptors: 3, quorums: 'grid', rows: 1 }, quorums: { kind: 'grid', rows: 1 } },
    { given: { acceptors: 2, quorums: 'grid', rows: 2, maxBallot: 2 }, quorums: { kind: 'grid', rows: 2 } },
  ];
  for (const { given, quorums } of configs) {
    it(`matches the independent explorer on ${JSON.stringify(given)}`, () => {
      const r = bfs(model('default', given).model);
      const independent = exploreFPaxos(explorerConfig(r.params, quorums));
      expect(r.result).toBe('ok');
      expect(independent.firstFailure).toEqual({});
      expect([r.distinctStates, r.statesGenerated]).toEqual([independent.distinct, independent.generated]);
      expect(r.witnesses).toEqual({ ValueChosen: independent.valueChosenReached, ChosenAgainInLaterBallot: independent.chosenAgainReached });
    });
  }

  it('is safe exactly when the quorums intersect: every q1, q2 over 2 acceptors with 2 ballots', () => {
    for (const q1 of [1, 2]) {
      for (const q2 of [1, 2]) {
        const r = bfs(model('default', { acceptors: 2, q1, q2 }).model);
        const intersect = disjointPair(sizeQuorums(['a1', 'a2'], q1, q2)) === undefined;
        expect(r.result, `q1=${q1} q2=${q2}`).toBe(intersect ? 'ok' : 'violation');
        if (!intersect) expect(r.violation?.property).toBe('Agreement');
      }
    }
  });

  it('refuses a grid the acceptors do not fill, and a quorum larger than the acceptors', () => {
    expect(() => model('default', { acceptors: 4, quorums: 'grid', rows: 3 })).toThrow(/multiple of rows/);
    expect(() => model('default', { acceptors: 3, q2: 4 })).toThrow(/at most acceptors/);
  });
});

/** Broken variants, the property each breaks and its shortest counterexample, counted by hand. */
const broken = [
  {
    variant: 'non-intersecting',
    property: 'Agreement',
    depth: 14,
    quorums: { kind: 'size', q1: 2, q2: 2 } as Quorums,
    why: 'ballot 0: NewBallot, 2 Prepares, 2 Promises, 2 Accepts (v1 chosen by {a1,a2}); ballot 1 does the same with {a3,a4} and v2',
  },
  {
    variant: 'adopt-empty-promise',
    property: 'Validity',
    depth: 8,
    quorums: { kind: 'size', q1: 2, q2: 3 } as Quorums,
    why: 'NewBallot, 2 Prepares, 2 Promises (no vote reported: no value proposed), 3 Accepts',
  },
];

describe('fpaxos broken variants', () => {
  for (const { variant, property, depth, quorums, why } of broken) {
    it(`${variant} breaks ${property} at depth ${depth}: ${why}`, () => {
      expect(variantOf(protocol, variant).breaks).toBe(property);
      const r = checkVariant(variant);
      expect(r.result).toBe('violation');
      expect(r.violation?.property).toBe(property);
      expect(r.violation?.depth).toBe(depth);
      const independent = exploreFPaxos({ ...explorerConfig(r.params, quorums), bug: variant === 'adopt-empty-promise' ? variant : 'none', stopAtFirstFailure: true });
      expect(independent.firstFailure).toEqual({ [property]: depth });
    });
  }

  it('breaks every property of spec/fpaxos with some variant', () => {
    const shown = new Set(broken.map(({ variant }) => checkVariant(variant).violation?.property));
    expect([...shown].sort()).toEqual(fpaxosInvariants.map((p) => p.name).sort());
  });
});
