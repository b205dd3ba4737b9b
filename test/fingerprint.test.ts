import { describe, expect, it } from 'vitest';
import { bfs } from '../src/checker/bfs.ts';
import { fingerprint64, observedCollisionProbability, optimisticCollisionProbability } from '../src/checker/fingerprint.ts';
import type { Model } from '../src/model/model.ts';

describe('fingerprint64', () => {
  // Reference values of XXH64 with seed 0, from the xxHash reference implementation's test
  // vectors and python-xxhash's documentation.
  it.each([
    ['', 'ef46db3751d8e999'],
    ['a', 'd24ec4f1a98c6e5b'],
    ['abc', '44bc2cf5ad770999'],
    ['Nobody inspects the spammish repetition', 'fbcea83c8a378bf1'],
  ])('hashes %j to the reference XXH64 value', (text, hex) => {
    expect(fingerprint64(text).toString(16).padStart(16, '0')).toBe(hex);
  });

  it('gives equal encodings equal fingerprints, and 20,000 distinct encodings 20,000 fingerprints', () => {
    const encodings = Array.from({ length: 20_000 }, (_, i) => `{"nodes":{"a":{"n":${i}}},"network":[]}`);
    const fps = encodings.map(fingerprint64);
    expect(fingerprint64(encodings[123])).toBe(fps[123]);
    // Two collide with probability about 20,000^2 / 2^65, about 1e-11.
    expect(new Set(fps).size).toBe(20_000);
    for (const fp of fps) {
      expect(fp > 0n && fp < 2n ** 64n).toBe(true);
    }
  });
});

describe('collision probability, as TLC estimates it', () => {
  // Figures TLC printed at the end of real runs (found in public TLC logs):
  // "N states generated, D distinct states found" and "calculated (optimistic): val = P".
  it.each([
    [52, 561, '1.4e-15'],
    [112_167, 213_090, '6.1e-10'],
    [212_675, 693_352, '5.5e-9'],
    [252_932, 4_612_656, '6.0e-8'],
  ])('with %i distinct of %i generated gives what TLC printed, %s', (distinct, generated, printed) => {
    expect(optimisticCollisionProbability(distinct, generated).toExponential(1)).toBe(printed);
  });

  it('is 0 when no look-up ever found a state already seen', () => {
    expect(optimisticCollisionProbability(1000, 1000)).toBe(0);
  });

  it('from the actual fingerprints is 1 / the smallest gap between two of them', () => {
    expect(observedCollisionProbability(2 ** 40)).toBe(2 ** -40);
    expect(observedCollisionProbability(1)).toBe(1);
  });

  /**
   * A 3 x 3 grid walked by `right` and `up`: 9 states; every state has one successor per
   * direction not at the edge, so 6 + 6 = 12 steps, plus the initial state: 13 generated.
   */
  function gridModel(size: number): Model<{ x: number; y: number }, 'right' | 'up'> {
    return {
      protocol: 'grid',
      variant: 'default',
      params: { size },
      initialStates: () => [{ x: 0, y: 0 }],
      actions: () => ['right', 'up'],
      nextState: (s, a) => (a === 'right' ? (s.x + 1 < size ? { x: s.x + 1, y: s.y } : undefined) : s.y + 1 < size ? { x: s.x, y: s.y + 1 } : undefined),
      withinBounds: () => true,
      fingerprint: (s) => `${s.x},${s.y}`,
      invariants: [],
      actionProperties: [],
      witnesses: [],
      describeAction: (a) => a,
    };
  }

  it('is reported by bfs from its own counts: 9 distinct, 13 generated gives 9 * 4 / 2^64', () => {
    const r = bfs(gridModel(3));
    expect(r.distinctStates).toBe(9);
    expect(r.statesGenerated).toBe(13);
    expect(r.fingerprintCollisionProbability).toBe((9 * 4) / 2 ** 64);
    // The estimate from the actual fingerprints is given for a complete run; 9 random
    // 64-bit values are far apart, so it is tiny but positive.
    expect(r.fingerprintCollisionProbabilityObserved).toBeGreaterThan(0);
    expect(r.fingerprintCollisionProbabilityObserved).toBeLessThan(1e-9);
  });

  it('from the actual fingerprints is left out when the run is incomplete, as TLC does', () => {
    const r = bfs(gridModel(3), { maxStates: 4 });
    expect(r.result).toBe('incomplete');
    expect(r.fingerprintCollisionProbability).toBeDefined();
    expect(r.fingerprintCollisionProbabilityObserved).toBeUndefined();
  });
});
