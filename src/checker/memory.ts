import { getHeapStatistics } from 'node:v8';

/**
 * The memory limit of a run (`memoryLimitMb`): a run that reaches it stops cleanly with the
 * result `incomplete` and its figures so far, instead of dying of an out-of-memory crash.
 *
 * What is measured is the memory the run itself allocates: the JavaScript heap in use plus
 * the memory outside it (`external`, which includes the typed arrays of the fingerprint
 * table). RSS would add the runtime's fixed cost and pages the allocator has not returned.
 *
 * Without a limit the guard still stops a run whose JavaScript heap is nearly full (V8's
 * heap has its own ceiling, --max-old-space-size, and exceeding it is a crash).
 */

export interface MemoryReading {
  readonly heapUsed: number;
  readonly external: number;
  /**
   * Each JavaScript heap against its own ceiling, in bytes, when the run has several (a
   * parallel search's workers each have one); without it, `heapUsed` is the one heap.
   */
  readonly heaps?: readonly { readonly name: string; readonly used: number; readonly ceiling: number }[];
}

const MB = 2 ** 20;
/** Stop when the heap in use passes this share of V8's heap ceiling. */
const HEAP_CEILING_SHARE = 0.9;

/**
 * Example: `const guard = new MemoryGuard(512); ...; const reason = guard.exceeded()`.
 */
export class MemoryGuard {
  private readonly limitBytes: number | undefined;

  constructor(
    readonly limitMb: number | undefined,
    private readonly read: () => MemoryReading = () => process.memoryUsage(),
    private readonly heapCeilingBytes: number = getHeapStatistics().heap_size_limit,
  ) {
    if (limitMb !== undefined && !(limitMb > 0)) throw new RangeError(`the memory limit must be a positive number of MB, not ${limitMb}`);
    this.limitBytes = limitMb === undefined ? undefined : limitMb * MB;
  }

  /** Why the run must stop now, or undefined. Reads the memory figures: call it every few thousand states. */
  exceeded(): string | undefined {
    const { heapUsed, external, heaps } = this.read();
    const used = heapUsed + external;
    if (this.limitBytes !== undefined && used >= this.limitBytes) {
      return `stopped at --memory-limit ${this.limitMb} MB (${Math.round(used / MB)} MB in use)`;
    }
    if (heaps === undefined) return nearlyFull('the JavaScript heap', heapUsed, this.heapCeilingBytes);
    for (const heap of heaps) {
      const full = nearlyFull(heap.name, heap.used, heap.ceiling);
      if (full) return full;
    }
    return undefined;
  }

  /** The reason a run stops when the fingerprint table could not grow. */
  storeFullReason(error: Error): string {
    return this.limitMb === undefined ? `stopped: ${error.message}` : `stopped at --memory-limit ${this.limitMb} MB: ${error.message}`;
  }

  /** Whether `bytes` more may be allocated at once (asked before the fingerprint table doubles). */
  allows(bytes: number): boolean {
    if (this.limitBytes === undefined) return true;
    const { heapUsed, external } = this.read();
    return heapUsed + external + bytes < this.limitBytes;
  }
}

/** Why a run must stop because the heap `name` is nearly full, or undefined (V8 crashes a heap past its ceiling). */
function nearlyFull(name: string, used: number, ceiling: number): string | undefined {
  if (used < HEAP_CEILING_SHARE * ceiling) return undefined;
  return `stopped: ${name} is nearly full (${Math.round(used / MB)} of ${Math.round(ceiling / MB)} MB); raise node's --max-old-space-size`;
}
