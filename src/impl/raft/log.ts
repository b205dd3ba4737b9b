import type { Entry } from './messages.ts';

/**
 * A Raft log in memory: 1-based indexes, index 0 is the empty prefix with term 0. It knows
 * the log arithmetic of the paper (last index and term, the consistency check, the
 * up-to-date comparison) and nothing about roles or messages.
 */
export class RaftLog {
  private readonly entries: Entry[];

  constructor(entries: readonly Entry[] = []) {
    this.entries = entries.map((e) => ({ term: e.term, value: e.value }));
  }

  get lastIndex(): number {
    return this.entries.length;
  }

  get lastTerm(): number {
    return this.termAt(this.lastIndex);
  }

  /** The term of the entry at `index`; 0 for index 0. Throws past the end. */
  termAt(index: number): number {
    if (index === 0) return 0;
    const e = this.entries[index - 1];
    if (e === undefined) throw new RangeError(`no entry at index ${index} (last index ${this.lastIndex})`);
    return e.term;
  }

  /** The entry at `index` (1-based). Throws outside 1..lastIndex. */
  at(index: number): Entry {
    const e = this.entries[index - 1];
    if (index < 1 || e === undefined) throw new RangeError(`no entry at index ${index} (last index ${this.lastIndex})`);
    return e;
  }

  /** Entries from index `from` to `to` inclusive (clamped to the log). */
  slice(from: number, to: number = this.lastIndex): Entry[] {
    return this.entries.slice(Math.max(from, 1) - 1, Math.max(to, 0));
  }

  /**
   * The AppendEntries consistency check: the log holds an entry at prevLogIndex whose term
   * is prevLogTerm (always true at index 0).
   *
   * Example: a log with terms [1, 1, 2] matches (3, 2) and (0, 0) but not (3, 1) or (4, 2).
   */
  matches(prevLogIndex: number, prevLogTerm: number): boolean {
    return prevLogIndex <= this.lastIndex && this.termAt(prevLogIndex) === prevLogTerm;
  }

  /** Appends one entry at the end and returns its index. */
  append(entry: Entry): number {
    this.entries.push({ term: entry.term, value: entry.value });
    return this.lastIndex;
  }

  /** Drops every entry at index >= `from`. */
  truncateFrom(from: number): void {
    this.entries.length = Math.min(this.entries.length, from - 1);
  }

  /** A plain copy of every entry, log[0] being index 1. */
  toArray(): Entry[] {
    return this.entries.map((e) => ({ term: e.term, value: e.value }));
  }
}

/**
 * Figure 2's "candidate's log is at least as up-to-date as receiver's log" (section 5.4.1):
 * the later last term wins; with equal last terms, the longer log wins.
 *
 * Example: `isAtLeastAsUpToDate({ lastTerm: 2, lastIndex: 1 }, { lastTerm: 1, lastIndex: 5 })` is true.
 */
export function isAtLeastAsUpToDate(candidate: { lastTerm: number; lastIndex: number }, voter: { lastTerm: number; lastIndex: number }): boolean {
  if (candidate.lastTerm !== voter.lastTerm) return candidate.lastTerm > voter.lastTerm;
  return candidate.lastIndex >= voter.lastIndex;
}
