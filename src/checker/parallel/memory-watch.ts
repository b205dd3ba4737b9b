import { getHeapStatistics } from 'node:v8';
import { MemoryGuard } from '../memory.ts';
import { CONTROL_WORDS, HEAP_LIMIT_MB, HEAP_MB } from './protocol.ts';

/** How often the coordinator adds up the memory in use, for --memory-limit. */
export const MEMORY_CHECK_MS = 100;

/**
 * The memory limit of a parallel search: the coordinator's JavaScript heap, every worker's
 * (as each last published it, see CONTROL_WORDS) and the shared table, against the limit;
 * and each heap against its own ceiling (a worker whose heap overflows dies with the search).
 */
export function parallelMemory(limitMb: number | undefined, control: Int32Array, workers: number, tableBytes: () => number): MemoryGuard {
  const MB = 2 ** 20;
  return new MemoryGuard(limitMb, () => {
    const own = getHeapStatistics();
    const heaps = [{ name: 'the JavaScript heap', used: own.used_heap_size, ceiling: own.heap_size_limit }];
    for (let i = 0; i < workers; i++) {
      const used = Atomics.load(control, i * CONTROL_WORDS + HEAP_MB) * MB;
      const ceiling = Atomics.load(control, i * CONTROL_WORDS + HEAP_LIMIT_MB) * MB;
      // A worker publishes its ceiling when it starts: until then it is not counted.
      if (ceiling > 0) heaps.push({ name: `worker ${i}'s JavaScript heap`, used, ceiling });
    }
    return { heapUsed: heaps.reduce((sum, h) => sum + h.used, 0), external: tableBytes(), heaps };
  });
}
