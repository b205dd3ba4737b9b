/** Linearizability of key-value histories; see check.ts. */
export { checkLinearizable, type LinearizabilityResult } from './check.ts';
export { get, put, type KvInput, type KvOperation } from './history.ts';
