import type { Entry } from './messages.ts';
import type { PersistentState, Ready } from './ready.ts';

/**
 * Stable storage kept in memory: what a server's disk would hold after handling each Ready.
 * Tests and simulators restart a core from `state()`.
 *
 * Example:
 * ```ts
 * const disk = new MemoryStorage();
 * disk.save(node.ready());
 * const restarted = new RaftNode({ ...config, persisted: disk.state() });
 * ```
 */
export class MemoryStorage {
  private currentTerm = 0;
  private votedFor: string | null = null;
  private log: Entry[] = [];

  /** Step 1 of handling a Ready: the hard state, the truncation, then the new entries. */
  save(ready: Ready): void {
    if (ready.hardState !== null) {
      this.currentTerm = ready.hardState.currentTerm;
      this.votedFor = ready.hardState.votedFor;
    }
    if (ready.truncateFrom !== null) this.log.length = Math.min(this.log.length, ready.truncateFrom - 1);
    for (const e of ready.entries) {
      if (e.index !== this.log.length + 1) {
        throw new Error(`storage: entry index ${e.index} does not follow the stored log (length ${this.log.length})`);
      }
      this.log.push({ term: e.term, value: e.value });
    }
  }

  /** A copy of what is stored. */
  state(): PersistentState {
    return { currentTerm: this.currentTerm, votedFor: this.votedFor, log: this.log.map((e) => ({ ...e })) };
  }
}
