/**
 * A Web Worker has no `process`; the checker's memory guard calls `process.memoryUsage()`.
 * Import this first in the worker so the guard reads zeros there instead of throwing.
 */
const scope = globalThis as { process?: unknown };
scope.process ??= { memoryUsage: () => ({ heapUsed: 0, external: 0 }), env: {} };
export {};
