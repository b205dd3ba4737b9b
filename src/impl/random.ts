/**
 * The only source of randomness a core sees, handed in from outside so that a run is a pure
 * function of its seed and its inputs.
 */
export interface RandomSource {
  /** An integer in [0, n). */
  nextInt(n: number): number;
}

/**
 * A seeded generator (mulberry32): the same seed gives the same sequence on every machine.
 *
 * Example: `const r = seededRandom(42); r.nextInt(10)` is the same number on every run.
 */
export function seededRandom(seed: number): RandomSource & { next(): number } {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    nextInt(n: number): number {
      if (!Number.isInteger(n) || n <= 0) throw new RangeError(`nextInt needs a positive integer bound, got ${n}`);
      return Math.floor(next() * n);
    },
  };
}
