import { describe, expect, it } from 'vitest';
import { bfs } from '../src/checker/bfs.ts';
import type { CheckResult } from '../src/checker/result.ts';
import { resolveParams, variantOf } from '../src/model/protocol.ts';
import type { ClusterAction, ClusterState } from '../src/system/cluster.ts';
import { protocol } from '../models/multipaxos/index.ts';
import { firstFreeSlot, reproposalsWith } from '../models/multipaxos/rules.ts';
import { multiPaxosInvariants } from '../spec/multipaxos/properties.ts';
import { exploreMultiPaxos, type MultiPaxosBug } from './support/multipaxosExplorer.ts';

function model(variant: string, given: Record<string, number> = {}) {
  const params = resolveParams(protocol, variantOf(protocol, variant), given);
  return { params, model: protocol.build(params, variant) };
}

const results = new Map<string, CheckResult<ClusterState, ClusterAction>>();
function checkVariant(variant: string) {
  let r = results.get(variant);
  if (!r) results.set(variant, (r = bfs(model(variant).model)));
  return r;
}

const sizes = (p: Record<string, unknown>) => ({
  leaders: p.leaders as number,
  acceptors: p.acceptors as number,
  learners: p.learners as number,
  slots: p.slots as number,
  maxBallot: p.maxBallot as number,
});

describe('multipaxos helpers', () => {
  it('re-proposes the highest-ballot value per reported slot and fills the gaps below with no-ops', () => {
    const votes = [
      { slot: 1, bal: 0, val: 'c0.1' },
      { slot: 2, bal: 0, val: 'c0.2' },
      { slot: 2, bal: 1, val: 'c1.2' },
    ];
    expect(reproposalsWith(votes, () => 'noop')).toEqual([
      { slot: 0, val: 'noop' },
      { slot: 1, val: 'c0.1' },
      { slot: 2, val: 'c1.2' },
    ]);
    expect(reproposalsWith(votes, undefined).map((e) => e.slot)).toEqual([1, 2]);
    expect(firstFreeSlot(votes)).toBe(3);
    expect(firstFreeSlot([])).toBe(0);
  });
});

describe('multipaxos default model', () => {
  it('is safe on its default bounds and reaches every witness', () => {
    const r = checkVariant('default');
    expect(r.result).toBe('ok');
    expect(r.witnesses).toEqual({ TwoSlotsChosenUnderOneLeader: true, LeaderChangeAfterChosen: true, GapFilledWithNoop: true });
    // Pinned from the independent explorer: exploreMultiPaxos({ leaders: 1, acceptors: 3,
    // learners: 0, slots: 2, maxBallot: 1 }) (too slow to rerun here; smaller ones below run live).
    expect([r.distinctStates, r.statesGenerated]).toEqual([60_715, 342_187]);
  });

  const configs: Record<string, number>[] = [
    { acceptors: 2, learners: 1 },
    { acceptors: 1, learners: 2, slots: 2 },
    { leaders: 2, acceptors: 1, learners: 1, slots: 2, maxBallot: 1 },
    { acceptors: 3, slots: 1, learners: 1 },
  ];
  for (const given of configs) {
    it(`matches the independent explorer on ${JSON.stringify(given)}`, () => {
      const r = bfs(model('default', given).model);
      const independent = exploreMultiPaxos(sizes(r.params));
      expect(r.result).toBe('ok');
      expect(independent.firstFailure).toEqual({});
      expect([r.distinctStates, r.statesGenerated]).toEqual([independent.distinct, independent.generated]);
      expect(r.witnesses).toEqual(independent.witnesses);
    });
  }
});

/** Each broken variant, the property it breaks, and its shortest counterexample counted by hand. */
const broken: { variant: MultiPaxosBug; property: string; depth: number; why: string }[] = [
  {
    variant: 'skip-phase1-on-takeover',
    property: 'Agreement',
    depth: 12,
    why: 'ballot 0: NewBallot, 2 Prepares, 2 Promises, Propose, 2 Accepts (8); ballot 1: NewBallot straight to leading, Propose, 2 Accepts (4)',
  },
  {
    variant: 'per-slot-ballot-reset',
    property: 'Agreement',
    depth: 16,
    why: 'ballot 0 leads and sends Accept(slot 0) (6); ballot 1 runs Phase 1 on two acceptors (5); they still accept ballot 0 in slot 0 (2), then ballot 1 proposes slot 0 (3)',
  },
  {
    variant: 'adopt-empty-slot',
    property: 'Validity',
    depth: 15,
    why: 'ballot 0 leads and proposes slots 0 and 1 (7), one acceptor votes slot 1 (1), ballot 1 hears of it in Phase 1 (5) and re-proposes nothing for slot 0, accepted by 2 (2)',
  },
  {
    variant: 'learner-minority',
    property: 'LogsPrefixConsistent',
    depth: 16,
    why: 'ballot 0 proposes slot 0 (6), one acceptor votes and the learner learns it (2), ballot 1 runs Phase 1 on the other two (5), proposes slot 0 and gets it chosen (3)',
  },
];

describe('multipaxos broken variants', () => {
  for (const { variant, property, depth, why } of broken) {
    it(`${variant} breaks ${property} at depth ${depth}: ${why}`, () => {
      expect(variantOf(protocol, variant).breaks).toBe(property);
      const r = checkVariant(variant);
      expect(r.result).toBe('violation');
      expect(r.violation?.property).toBe(property);
      expect(r.violation?.depth).toBe(depth);
      const independent = exploreMultiPaxos({ ...sizes(r.params), bug: variant, stopAtFirstFailure: true });
      expect(independent.firstFailure).toEqual({ [property]: depth });
    });
  }

  it('breaks every property of spec/multipaxos with some variant', () => {
    const shown = new Set(broken.map(({ variant }) => checkVariant(variant).violation?.property));
    expect([...shown].sort()).toEqual(multiPaxosInvariants.map((p) => p.name).sort());
  });

  it('no-noop-fill breaks no safety property, only progress: the gap is never filled', () => {
    expect(variantOf(protocol, 'no-noop-fill').breaks).toBeUndefined();
    // Smaller than the default so that it runs here; the explorer agrees on every figure.
    const given = { acceptors: 2, learners: 1 };
    const r = bfs(model('no-noop-fill', given).model);
    const independent = exploreMultiPaxos({ ...sizes(r.params), bug: 'no-noop-fill' });
    expect(r.result).toBe('ok');
    expect(r.witnesses.GapFilledWithNoop).toBe(false);
    expect(r.witnesses.LeaderChangeAfterChosen).toBe(true);
    expect([r.distinctStates, r.statesGenerated]).toEqual([independent.distinct, independent.generated]);
    // With no-ops, the same bounds do fill a gap.
    expect(bfs(model('default', given).model).witnesses.GapFilledWithNoop).toBe(true);
  });
});
