import type { Model } from '../model/model.ts';

/** The first invariant `state` breaks, or undefined. */
export function brokenInvariant<S, A>(model: Model<S, A>, state: S): string | undefined {
  for (const inv of model.invariants) if (!inv.holds(state)) return inv.name;
  return undefined;
}

/** The first action property the step breaks, or undefined. */
export function brokenActionProperty<S, A>(model: Model<S, A>, prev: S, action: A, next: S): string | undefined {
  for (const prop of model.actionProperties) if (!prop.holds(prev, action, next)) return prop.name;
  return undefined;
}

/** Which witnesses have been seen so far; checks only those not yet reached. */
export class WitnessTracker<S> {
  private readonly reached: boolean[];
  private remaining: number;

  constructor(private readonly witnesses: readonly { name: string; holds: (s: S) => boolean }[]) {
    this.reached = witnesses.map(() => false);
    this.remaining = witnesses.length;
  }

  observe(state: S): void {
    if (this.remaining === 0) return;
    for (let i = 0; i < this.witnesses.length; i++) {
      if (!this.reached[i] && this.witnesses[i].holds(state)) {
        this.reached[i] = true;
        this.remaining--;
      }
    }
  }

  /** Marks a witness reached elsewhere (by a worker thread of a parallel search). */
  observeNamed(name: string): void {
    const i = this.witnesses.findIndex((w) => w.name === name);
    if (i >= 0 && !this.reached[i]) {
      this.reached[i] = true;
      this.remaining--;
    }
  }

  report(): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    this.witnesses.forEach((w, i) => (out[w.name] = this.reached[i]));
    return out;
  }
}
