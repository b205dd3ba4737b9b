/**
 * A small seeded generator (mulberry32): the same seed gives the same sequence on every
 * machine, so a simulation run can be replayed from its seed.
 */
export class SeededRandom {
  private s: number;

  constructor(readonly seed: number) {
    this.s = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** A fresh seed for a run that was not given one (printed so the run can be repeated). */
export function freshSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}
