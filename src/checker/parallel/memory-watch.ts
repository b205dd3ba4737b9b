import { HEAP_CEILING_SHARE, MemoryGuard } from '../memory.ts';
import { CONTROL_WORDS, HEAP_LIMIT_MB, HEAP_MB } from './protocol.ts';

/** How often the coordinator adds up the memory in use, for --memory-limit. */
export const MEMORY_CHECK_MS = 100;

/**
 * The memory limit of a parallel search: the coordinator's JavaScript heap, every worker's
 * (as each last published it, see CONTROL_WORDS) and the shared table, against the limit;
 * and each worker's heap against that worker's own ceiling (a worker whose heap overflows
 * dies with the search).
 */
export function parallelMemory(limitMb: number | undefined, control: Int32Array, workers: number, tableBytes: () => number): Pick<MemoryGuard, 'exceeded' | 'allows'> {
  const workerMb = (i: number, word: number) => Atomics.load(control, i * CONTROL_WORDS + word);
  const guard = new MemoryGuard(
    limitMb,
    () => {
      let heapMb = 0;
      for (let i = 0; i < workers; i++) heapMb += workerMb(i, HEAP_MB);
      return { heapUsed: process.memoryUsage().heapUsed + heapMb * 2 ** 20, external: tableBytes() };
    },
    Infinity,
  );
  return {
    exceeded: () => {
      for (let i = 0; i < workers; i++) {
        const heap = workerMb(i, HEAP_MB);
        const ceiling = workerMb(i, HEAP_LIMIT_MB);
        if (ceiling > 0 && heap >= HEAP_CEILING_SHARE * ceiling) return `stopped: a worker's JavaScript heap is nearly full (${heap} of ${ceiling} MB); raise node's --max-old-space-size`;
      }
      return guard.exceeded();
    },
    allows: (bytes) => guard.allows(bytes),
  };
}
