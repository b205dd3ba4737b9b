import { beforeAll, describe, expect, it } from 'vitest';
import { resolveParams, variantOf } from '../src/model/protocol.ts';
import { protocol } from '../models/raft/index.ts';
import { RAFT_PROPERTY_NAMES, RAFT_WITNESS_NAMES } from '../spec/raft/properties.ts';
import { referenceCount } from './support/raft-reference.ts';
import { checkRaft } from './support/raft-run.ts';

/**
 * The statechart Raft model checked exhaustively: the paper's rules are safe under the default
 * bounds with every witness reached, and each broken variant ends in a counterexample of the
 * property it is documented to break.
 */

describe('Raft with the paper\'s rules (default variant)', () => {
  let result: ReturnType<typeof checkRaft>;
  // About 10 s alone on the reference stepper; a loaded machine may need several times that.
  beforeAll(() => {
    result = checkRaft('default');
  }, 180_000);

  it('holds every property over the whole bounded state space', () => {
    expect(result.result).toBe('ok');
    expect(result.properties).toEqual(RAFT_PROPERTY_NAMES);
  });

  it('has as many distinct states as the independent plain-TypeScript encoding (163,035)', () => {
    const p = result.params;
    const reference = referenceCount({
      servers: p.servers as number,
      maxTerm: p.maxTerm as number,
      maxLogLength: p.maxLogLength as number,
      values: p.values as number,
      maxInFlight: p.maxInFlight as number,
      maxCopies: p.maxCopies as number,
      crashes: p.crashes as boolean,
      drop: p.drop as boolean,
      duplicate: p.duplicate as boolean,
    });
    expect(reference.complete).toBe(true);
    expect(result.distinctStates).toBe(reference.distinctStates);
    // Pinned from the reference encoding, so that a change to either shows here.
    expect(reference.distinctStates).toBe(163035);
  });

  it('reaches every witness: a leader, a committed entry, a leader in term 2, an overwrite of a conflicting entry', () => {
    expect(Object.keys(result.witnesses)).toEqual(RAFT_WITNESS_NAMES);
    for (const name of RAFT_WITNESS_NAMES) expect(result.witnesses[name], name).toBe(true);
  });
});

describe('faults: drops, duplicates and crashes with restart', () => {
  // Two servers keep these runs small; the reference encoding computes the same count its own way.
  const given = { servers: 2, maxTerm: 2, maxLogLength: 1, values: 1, maxInFlight: 1, maxCopies: 2, drop: true, duplicate: true, crashes: true };

  it('stays safe, and agrees with the reference encoding on the number of distinct states', () => {
    const result = checkRaft('default', given);
    expect(result.result).toBe('ok');
    const reference = referenceCount(given);
    expect(reference.complete).toBe(true);
    expect(result.distinctStates).toBe(reference.distinctStates);
  });
});

describe('broken variants end in the counterexample they document', () => {
  const broken = protocol.variants.filter((v) => v.breaks !== undefined);
  // Checked with their depth counted by hand, and replayed under the paper's rules, in test/raft-variants.test.ts.
  const detailedElsewhere = ['no-prev-term-check', 'commit-on-refusal', 'leader-overwrites-tail'];

  it('every broken variant names a property of spec/raft', () => {
    expect(broken.map((v) => v.name)).toEqual(['no-log-check', 'commit-old-term', 'no-term-step-down', 'seed-pseudocode', ...detailedElsewhere]);
    for (const v of broken) expect(RAFT_PROPERTY_NAMES).toContain(v.breaks);
  });

  it('every property of spec/raft is the one some variant breaks first, as soffio lint demands', () => {
    expect([...new Set(broken.map((v) => v.breaks))].sort()).toEqual([...RAFT_PROPERTY_NAMES].sort());
  });

  for (const v of broken.filter((b) => !detailedElsewhere.includes(b.name))) {
    it(`${v.name} breaks ${v.breaks} under its default bounds`, () => {
      const result = checkRaft(v.name);
      expect(result.result).toBe('violation');
      expect(result.violation?.property).toBe(v.breaks);
      // The trace replays from the initial state to the violating one.
      expect(result.violation!.trace.actions.length).toBe(result.violation!.depth);
    });
  }

  it('seed-pseudocode elects two leaders of one term with 2 of 4 votes', () => {
    const v = checkRaft('seed-pseudocode').violation!;
    const last = v.trace.states[v.trace.states.length - 1];
    const leaders = Object.entries(last.nodes).filter(([, n]) => n.value === 'leader');
    expect(leaders.length).toBe(2);
  });
});

describe('older variants break the other properties too, checked alone', () => {
  // Each run checks one property alone, so that the first violation found is of that property:
  // the older bugs break more than the property they are named for.
  const cases: [property: string, variant: string, given: Record<string, number | boolean>][] = [
    ['ElectionSafety', 'no-term-step-down', {}],
    ['LeaderCompleteness', 'no-log-check', {}],
    ['StateMachineSafety', 'no-log-check', {}],
    ['LogMatching', 'no-term-step-down', { values: 2 }],
    ['LeaderAppendOnly', 'no-term-step-down', { maxInFlight: 2, drop: true }],
  ];

  it('covers all five properties', () => {
    expect(cases.map((c) => c[0]).sort()).toEqual([...RAFT_PROPERTY_NAMES].sort());
  });

  for (const [property, variant, given] of cases) {
    it(`${property} fails in ${variant}`, () => {
      const result = checkRaft(variant, given, { only: property });
      expect(result.result).toBe('violation');
      expect(result.violation?.property).toBe(property);
    });
  }
});

describe('parameters', () => {
  it('the tla variant takes no network, drop, duplicate or crashes parameter', () => {
    const tla = variantOf(protocol, 'tla');
    expect(() => resolveParams(protocol, tla, { network: 'fifo' })).toThrow(/does not apply/);
    const params = resolveParams(protocol, tla, {});
    expect(Object.keys(params).sort()).toEqual(['maxCopies', 'maxInFlight', 'maxLogLength', 'maxTerm', 'servers', 'values']);
  });

  it('the tla variant is built with the same properties and witnesses as the statechart', () => {
    const model = protocol.build(resolveParams(protocol, variantOf(protocol, 'tla'), { servers: 2 }), 'tla');
    expect(model.variant).toBe('tla');
    expect([...model.invariants, ...model.actionProperties].map((p) => p.name)).toEqual(RAFT_PROPERTY_NAMES);
    expect(model.witnesses.map((w) => w.name)).toEqual(RAFT_WITNESS_NAMES);
  });
});
