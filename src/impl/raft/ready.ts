import type { Entry, IndexedEntry, RaftMessage } from './messages.ts';

/** Figure 2's persistent state besides the log: written to stable storage before replying. */
export interface HardState {
  readonly currentTerm: number;
  readonly votedFor: string | null;
}

/** Everything a server keeps across a restart: Figure 2's "persistent state on all servers". */
export interface PersistentState extends HardState {
  /** log[0] is the entry at index 1. */
  readonly log: readonly Entry[];
}

/**
 * One batch of work the core hands to its runtime, in the spirit of etcd's `Ready`. The
 * runtime handles it in this order, then calls `advance()`:
 *
 * 1. persist: write `hardState` if present; if `truncateFrom` is set, drop every stored entry
 *    at index >= truncateFrom; then store `entries` (their indexes are contiguous and the
 *    first one is the stored log's length + 1);
 * 2. send `messages` (only after persisting: a vote or an acknowledgement must survive a crash);
 * 3. apply `committedEntries` to the state machine, in index order.
 */
export interface Ready {
  readonly hardState: HardState | null;
  readonly truncateFrom: number | null;
  readonly entries: readonly IndexedEntry[];
  readonly messages: readonly RaftMessage[];
  readonly committedEntries: readonly IndexedEntry[];
}

/** True when a Ready carries no work at all. */
export function isEmptyReady(r: Ready): boolean {
  return r.hardState === null && r.truncateFrom === null && r.entries.length === 0 && r.messages.length === 0 && r.committedEntries.length === 0;
}
