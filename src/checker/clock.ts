import type { CheckOptions, Progress } from './result.ts';

/** Time keeping for one run: the time limit and the once-a-second progress callback. */
export class RunClock {
  readonly startedAt = performance.now();
  private lastProgressAt = this.startedAt;
  private readonly interval: number;

  constructor(private readonly options: CheckOptions) {
    this.interval = options.progressIntervalMs ?? 1000;
  }

  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  timeUp(): boolean {
    return this.options.timeLimitMs !== undefined && this.elapsedMs() >= this.options.timeLimitMs;
  }

  /** Calls onProgress when an interval has passed; `make` is called only then. */
  tick(make: () => Omit<Progress, 'elapsedMs' | 'statesPerSecond'>): void {
    if (!this.options.onProgress) return;
    const now = performance.now();
    if (now - this.lastProgressAt < this.interval) return;
    this.lastProgressAt = now;
    const p = make();
    const elapsedMs = now - this.startedAt;
    this.options.onProgress({ ...p, elapsedMs, statesPerSecond: rate(p.distinctStates, elapsedMs) });
  }
}

export function rate(count: number, ms: number): number {
  return ms > 0 ? Math.round((count * 1000) / ms) : count;
}
