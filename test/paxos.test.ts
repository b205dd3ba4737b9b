import { describe, expect, it } from 'vitest';
import { bfs } from '../src/checker/bfs.ts';
import type { CheckResult } from '../src/checker/result.ts';
import type { Params } from '../src/model/model.ts';
import { resolveParams, variantOf } from '../src/model/protocol.ts';
import { clusterModel, type ClusterAction, type ClusterState } from '../src/system/cluster.ts';
import { protocol } from '../models/paxos/index.ts';
import { minimalMajorities, nextBallot } from '../models/paxos/ballots.ts';
import { chosenValues } from '../spec/paxos/chosen.ts';
import { paxosInvariants } from '../spec/paxos/properties.ts';
import { explorePaxos, type Bug } from './support/paxosExplorer.ts';
import { exploreTla } from './support/paxosTlaExplorer.ts';

/** Builds a Paxos model the way the CLI does: the variant's defaults, then the given params. */
function model(variant: string, given: Record<string, number> = {}) {
  const params: Params = resolveParams(protocol, variantOf(protocol, variant), given);
  return { params, model: protocol.build(params, variant) };
}

const results = new Map<string, CheckResult<ClusterState, ClusterAction>>();
/** One BFS per variant on its default bounds, shared by the tests that read it. */
function checkVariant(variant: string) {
  let r = results.get(variant);
  if (!r) results.set(variant, (r = bfs(model(variant).model)));
  return r;
}

describe('paxos helpers', () => {
  it('gives every proposer its own ballots: b belongs to proposer b mod P', () => {
    expect([nextBallot(0, -1, 2), nextBallot(0, 0, 2), nextBallot(1, -1, 2), nextBallot(1, 1, 2)]).toEqual([0, 2, 1, 3]);
  });

  it('builds the quorums of the tlaplus/Examples MC configuration for 3 acceptors', () => {
    // MCVoting.tla: MCQuorum == {{a1, a2}, {a1, a3}, {a2, a3}}
    expect(minimalMajorities(['a1', 'a2', 'a3'])).toEqual([
      ['a1', 'a2'],
      ['a1', 'a3'],
      ['a2', 'a3'],
    ]);
    expect(minimalMajorities(['a1', 'a2', 'a3', 'a4']).length).toBe(4); // C(4, 3)
    expect(minimalMajorities(['a1', 'a2', 'a3', 'a4', 'a5']).length).toBe(10); // C(5, 3)
  });
});

describe('chosen values (a majority of the acceptors voting for one value in one ballot)', () => {
  const acceptors = ['a1', 'a2', 'a3'];
  const vote = (acceptor: string, ballot: number, value: string | null) => ({ acceptor, ballot, value });
  const chosen = (...votes: ReturnType<typeof vote>[]) => chosenValues({ acceptors, votes, proposed: [], learned: [] });

  it('needs two distinct acceptors of three in the same ballot', () => {
    expect(chosen(vote('a1', 0, 'v1'))).toEqual([]);
    expect(chosen(vote('a1', 0, 'v1'), vote('a1', 0, 'v1'))).toEqual([]);
    expect(chosen(vote('a1', 0, 'v1'), vote('a2', 1, 'v1'))).toEqual([]);
    expect(chosen(vote('a1', 0, 'v1'), vote('a3', 0, 'v1'))).toEqual(['v1']);
    expect(chosen(vote('a1', 1, 'v2'), vote('a2', 0, 'v1'), vote('a1', 0, 'v1'))).toEqual(['v1']);
  });

  it('reports each value once, and both values when a broken model chooses two', () => {
    expect(chosen(vote('a1', 0, 'v1'), vote('a2', 0, 'v1'), vote('a1', 1, 'v1'), vote('a3', 1, 'v1'))).toEqual(['v1']);
    expect(chosen(vote('a1', 0, 'v1'), vote('a2', 0, 'v1'), vote('a2', 1, 'v2'), vote('a3', 1, 'v2'))).toEqual(['v1', 'v2']);
    expect(chosen(vote('a1', 0, null), vote('a2', 0, null))).toEqual([null]);
  });
});

describe('paxos default model (Paxos Made Simple)', () => {
  it('is safe on its default bounds, reaches ValueChosen, and its graph matches the independent explorer', () => {
    const r = checkVariant('default');
    expect(r.result).toBe('ok');
    expect(r.witnesses).toEqual({ ValueChosen: true });
    const p = r.params;
    const independent = explorePaxos({ proposers: p.proposers as number, acceptors: p.acceptors as number, values: p.values as number, maxBallot: p.maxBallot as number, learners: p.learners as number });
    // Pinned from the independent explorer (test/support/paxosExplorer.ts), not from the model.
    expect(independent).toMatchObject({ distinct: 12_969, generated: 61_384, valueChosenReached: true, firstFailure: {} });
    expect(r.distinctStates).toBe(independent.distinct);
    expect(r.statesGenerated).toBe(independent.generated);
  });

  it('has the hand-counted graph of one proposer, one acceptor, one learner, one ballot', () => {
    // NewBallot, Promise sent, Promise received (Accept sent), Accept received, Learn: a chain
    // of 6 states. Generated: 1 initial + 1 + 1 + 1 + 1, then in the voted state the Accept can
    // be received again (back to itself) or the learner learns (2), and in the last state the
    // Accept again (1): 8.
    const { model: m } = model('default', { proposers: 1, acceptors: 1, values: 1, maxBallot: 0, learners: 1 });
    const r = bfs(m);
    expect([r.result, r.distinctStates, r.statesGenerated, r.maxDepth]).toEqual(['ok', 6, 8, 5]);
    expect(explorePaxos({ proposers: 1, acceptors: 1, values: 1, maxBallot: 0, learners: 1 })).toMatchObject({ distinct: 6, generated: 8 });
  });

  for (const sizes of [
    { proposers: 2, acceptors: 2, values: 2, maxBallot: 1, learners: 1 },
    { proposers: 1, acceptors: 3, values: 1, maxBallot: 1, learners: 1 },
    { proposers: 3, acceptors: 1, values: 3, maxBallot: 3, learners: 2 },
  ]) {
    it(`matches the independent explorer on ${JSON.stringify(sizes)}`, () => {
      const r = bfs(model('default', sizes).model);
      const independent = explorePaxos(sizes);
      expect(r.result).toBe('ok');
      expect(independent.firstFailure).toEqual({});
      expect(r.distinctStates).toBe(independent.distinct);
      expect(r.statesGenerated).toBe(independent.generated);
      expect(r.witnesses.ValueChosen).toBe(independent.valueChosenReached);
    });
  }
});

/**
 * Each broken variant, the property it must break and the depth of a shortest counterexample,
 * argued by hand. Phase 1 of a ballot with 3 acceptors takes 5 steps (NewBallot, two
 * acceptors receive Prepare, the proposer receives their two Promises), getting a value
 * chosen 2 more (two acceptors receive Accept), learning 1.
 */
const broken: { variant: Bug; property: string; depth: number; why: string }[] = [
  {
    variant: 'accept-below-promise',
    property: 'Agreement',
    depth: 14,
    why: 'two ballots each need phase 1 and two accepts (7 + 7); only then are two values chosen',
  },
  {
    variant: 'ignore-accepted-value',
    property: 'Agreement',
    depth: 14,
    why: 'v1 chosen in ballot 0 (7), then ballot 1 hears of it in phase 1 yet proposes v2 and gets two accepts (7)',
  },
  {
    variant: 'minority-quorum',
    property: 'Agreement',
    depth: 10,
    why: 'phase 1 with one promise takes 3 steps, plus two accepts: 5 per ballot, two ballots',
  },
  {
    variant: 'learner-minority',
    property: 'LearnersAgree',
    depth: 14,
    why: 'each learner needs a ballot with phase 1 (5), one accept and its Learn (2): 7 each, two different values',
  },
  {
    variant: 'adopt-empty-promise',
    property: 'Validity',
    depth: 7,
    why: 'the first ballot proposes no value after phase 1 (5) and two acceptors accept it (2)',
  },
];

describe('paxos broken variants', () => {
  for (const { variant, property, depth, why } of broken) {
    it(`${variant} breaks ${property} at depth ${depth}: ${why}`, () => {
      const spec = variantOf(protocol, variant);
      expect(spec.breaks).toBe(property);
      const r = checkVariant(variant);
      expect(r.result).toBe('violation');
      expect(r.violation?.property).toBe(property);
      expect(r.violation?.depth).toBe(depth);
      expect(r.violation?.trace.actions.length).toBe(depth);
      // The independent explorer finds the same shortest depth, and nothing shallower.
      const p = r.params;
      const independent = explorePaxos({
        proposers: p.proposers as number,
        acceptors: p.acceptors as number,
        values: p.values as number,
        maxBallot: p.maxBallot as number,
        learners: p.learners as number,
        bug: variant,
        stopAtFirstFailure: true,
      });
      expect(independent.firstFailure).toEqual({ [property]: depth });
    });
  }

  it('breaks every property of spec/paxos with some variant', () => {
    const shown = new Set(broken.map(({ variant }) => checkVariant(variant).violation?.property));
    expect([...shown].sort()).toEqual(paxosInvariants.map((p) => p.name).sort());
  });
});

describe('paxos tla variant (mirror of Paxos.tla)', () => {
  it('has the hand-counted graph for one acceptor, one value, ballot 0', () => {
    // {} -1a-> {1a} -1b-> {1a,1b} -2a-> {1a,1b,2a} -2b-> {..,2b}: 5 states. Phase1a(0) stays
    // enabled in all 5 states and leads back to a seen state in the last 4; Phase2b(a1) stays
    // enabled once voted. Generated: 1 + 1 + 2 + 2 + 2 + 2 = 10, as TLC counts.
    const r = bfs(model('tla', { acceptors: 1, values: 1, maxBallot: 0 }).model);
    expect([r.result, r.distinctStates, r.statesGenerated, r.maxDepth]).toEqual(['ok', 5, 10, 4]);
    expect(r.witnesses).toEqual({ ValueChosen: true });
  });

  for (const [acceptors, values, maxBallot] of [
    [1, 2, 1],
    [2, 1, 1],
    [2, 2, 1],
    [3, 1, 1],
    [3, 2, 1],
  ]) {
    it(`matches a direct encoding of Paxos.tla's Init/Next for acceptors=${acceptors} values=${values} maxBallot=${maxBallot}`, () => {
      const r = bfs(model('tla', { acceptors, values, maxBallot }).model);
      const independent = exploreTla(acceptors, values, maxBallot);
      expect(r.result).toBe('ok');
      expect(r.witnesses).toEqual({ ValueChosen: true });
      expect(r.distinctStates).toBe(independent.distinct);
      expect(r.statesGenerated).toBe(independent.generated);
    });
  }

  it('refuses the parameters Paxos.tla does not have', () => {
    expect(() => resolveParams(protocol, variantOf(protocol, 'tla'), { proposers: 2 })).toThrow(/does not apply/);
    expect(() => resolveParams(protocol, variantOf(protocol, 'tla'), { learners: 1 })).toThrow(/does not apply/);
  });
});

describe('paxos on the XState reference engine', () => {
  for (const [variant, sizes] of [
    ['default', { proposers: 2, acceptors: 2, values: 2, maxBallot: 1, learners: 1 }],
    ['tla', { acceptors: 3, values: 2, maxBallot: 1 }],
  ] as const) {
    it(`gives the same graph as the default engine for ${variant} ${JSON.stringify(sizes)}`, () => {
      const { model: m } = model(variant, sizes);
      const reference = bfs(clusterModel({ ...m.definition, engine: 'xstate' }));
      const usual = bfs(m);
      expect(reference.result).toBe('ok');
      expect([reference.distinctStates, reference.statesGenerated]).toEqual([usual.distinctStates, usual.statesGenerated]);
    });
  }
});

describe('paxos parameters', () => {
  it('refuses a size out of range', () => {
    expect(() => resolveParams(protocol, variantOf(protocol, 'default'), { acceptors: 0 })).toThrow(/between 1 and 7/);
  });
});
