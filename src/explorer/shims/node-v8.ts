/**
 * The browser build's stand-in for `node:v8`, which the checker's memory guard reads. A Web
 * Worker has no V8 heap figures to ask for, so the ceiling is "none" and the guard stays
 * quiet; the page bounds a run by states and time instead.
 *
 * Example: `getHeapStatistics().heap_size_limit === Number.MAX_SAFE_INTEGER`.
 */
export function getHeapStatistics(): { heap_size_limit: number } {
  return { heap_size_limit: Number.MAX_SAFE_INTEGER };
}
