/**
 * Whether remembering results pays, judged a trial at a time: of every `length` lookups, at
 * least the share `worth` must find a result remembered before. A cache that fails a trial
 * is told to forget (`onFail`) and is computed around from then on (`direct`): what it
 * would remember does not recur in this search, and each miss costs an entry.
 *
 * Example: `if (trial.direct()) return compute(x); ... on a hit: trial.found()`.
 */
export class RememberingTrial {
  private asked = 0;
  private hits = 0;
  private failed = false;

  constructor(
    private readonly length: number,
    private readonly worth: number,
    private readonly onFail: () => void,
  ) {}

  /** Counts one lookup; true once a trial has failed (then compute directly). */
  direct(): boolean {
    if (!this.failed && ++this.asked > this.length) this.judge();
    return this.failed;
  }

  /** True once a trial has failed, without counting a lookup. */
  get gaveUp(): boolean {
    return this.failed;
  }

  /** Counts a lookup that found its result. */
  found(): void {
    this.hits++;
  }

  private judge(): void {
    this.failed = this.hits < this.length * this.worth;
    this.asked = 1;
    this.hits = 0;
    if (this.failed) this.onFail();
  }
}
