import type { Entry } from './types.ts';

/**
 * Reading a Raft log with the paper's 1-based indices. Index 0 means "before the first
 * entry"; its term is 0, so an empty log and a request with prevLogIndex 0 always agree.
 */

/** The index of the last entry, 0 for an empty log. Example: `lastLogIndex([{term: 1, value: 'v1'}]) === 1`. */
export function lastLogIndex(log: readonly Entry[]): number {
  return log.length;
}

/** The term of the last entry, 0 for an empty log. Example: `lastLogTerm([]) === 0`. */
export function lastLogTerm(log: readonly Entry[]): number {
  return log.length === 0 ? 0 : log[log.length - 1].term;
}

/**
 * The term of the entry at `index`, 0 at index 0, undefined past the end.
 * Example: `termAt([{term: 2, value: 'v1'}], 1) === 2`.
 */
export function termAt(log: readonly Entry[], index: number): number | undefined {
  if (index === 0) return 0;
  return index <= log.length ? log[index - 1].term : undefined;
}

/** True when `a` is a prefix of `b` (same entries, in order). Example: `isPrefix([], log) === true`. */
export function isPrefix(a: readonly Entry[], b: readonly Entry[]): boolean {
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameEntry(a[i], b[i])) return false;
  return true;
}

/** Two entries are the same when both their term and their value are. */
export function sameEntry(a: Entry | undefined, b: Entry | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.term === b.term && a.value === b.value;
}
