/**
 * The visited store shared by every worker of a parallel search: an open-addressing table
 * of 64-bit fingerprints in a SharedArrayBuffer, each kept as two 32-bit words, so that no
 * BigInt is created per state (a BigInt64Array and Atomics.compareExchange allocate one per
 * call). Beside each slot, the parent's slot and the action position that reached it (as
 * StateGraph keeps them), from which the coordinator rebuilds a trace.
 *
 * Lock-free insert: a worker claims an empty slot by one Atomics.compareExchange of its low
 * word from 0 to the key's low word, then publishes the high word. A worker that finds the
 * same low word in a slot waits (a few instructions at most) until the high word is
 * published, then compares it: two workers can never both insert one state, and two keys
 * that share a low word both get a slot. 0 marks an empty or unpublished word, so a word
 * of 0 is stored as 1 (`storedWord`): two fingerprints then coincide only when they differ
 * in nothing but a 0 against a 1 in one word, which adds about 2^-31 to the 2^-64 chance of
 * a collision between two given states.
 *
 * Each slot is one record of four Int32 words (low word, high word, parent slot, action
 * position), so that storing a state touches one cache line, not three arrays. The count of
 * states is shared too, but each worker adds its inserts in batches (`flush`): a counter
 * that both workers bump on every insert would bounce its cache line between the cores.
 *
 * The table does not grow while workers insert: a worker pauses once the table is half full,
 * and the coordinator doubles it between rounds (`grown`), renumbering slots. The memory of
 * the doubled table is made ready beforehand, while the workers still insert (GrowthSpace).
 */

/** The buffers of one table, as posted to a worker. */
export interface SharedTableBuffers {
  /** Four Int32 words per slot, from 4 * slot: the low word, the high word, the parent slot and the action position. */
  readonly slots: SharedArrayBuffer;
  /** [COUNT]: states stored (flushed); [STOP]: a stop request (1) from the coordinator or a worker. */
  readonly counters: SharedArrayBuffer;
}

const COUNT = 0;
/** On its own cache line, away from the count that workers update. */
const STOP = 16;
const COUNTER_WORDS = 32;
const WORDS_PER_SLOT = 4;
const BYTES_PER_SLOT = WORDS_PER_SLOT * 4;
const HIGH = 1;
const PARENT = 2;
const VIA = 3;
/** Inserts a worker counts locally before adding them to the shared count. */
const FLUSH_EVERY = 64;

/** A fingerprint word as the table stores it: a signed 32-bit integer, never 0 (0 is "not written"). */
export function storedWord(word: number): number {
  return word | 0 || 1;
}

/**
 * Example: `const t = SharedTable.create(1 << 16); t.addWords(42, 7, -1, 0) >= 0; t.addWords(42, 7, -1, 0) === -1`.
 */
export class SharedTable {
  readonly words: Int32Array;
  readonly counters: Int32Array;
  readonly mask: number;
  /** Inserts by this thread not yet added to the shared count. */
  private pending = 0;

  constructor(readonly buffers: SharedTableBuffers) {
    this.words = new Int32Array(buffers.slots);
    this.counters = new Int32Array(buffers.counters);
    this.mask = this.words.length / WORDS_PER_SLOT - 1;
  }

  /** A fresh table of `capacity` slots (rounded up to a power of two, at least 16). */
  static create(capacity: number, counters = new SharedArrayBuffer(COUNTER_WORDS * 4)): SharedTable {
    let slots = 16;
    while (slots < capacity) slots *= 2;
    return new SharedTable({ slots: new SharedArrayBuffer(slots * BYTES_PER_SLOT), counters });
  }

  get capacity(): number {
    return this.mask + 1;
  }

  /** States stored: exact once every thread has flushed, else short by fewer than 64 per other thread. */
  get size(): number {
    return Atomics.load(this.counters, COUNT) + this.pending;
  }

  /** Adds this thread's pending inserts to the shared count; a worker calls it before it reports. */
  flush(): void {
    if (this.pending === 0) return;
    Atomics.add(this.counters, COUNT, this.pending);
    this.pending = 0;
  }

  /** The parent slot of `slot`, or -1 for an initial state. */
  parentOf(slot: number): number {
    return this.words[WORDS_PER_SLOT * slot + PARENT];
  }

  /** The action position recorded for `slot` (for an initial state, its position among the initial states). */
  actionIndexOf(slot: number): number {
    return this.words[WORDS_PER_SLOT * slot + VIA];
  }

  get byteLength(): number {
    return this.capacity * BYTES_PER_SLOT;
  }

  /** Workers pause when the table is this full, so that it never fills during a round (the unflushed counts are far below the other half). */
  get pauseAt(): number {
    return this.capacity >>> 1;
  }

  stopRequested(): boolean {
    return Atomics.load(this.counters, STOP) !== 0;
  }

  requestStop(): void {
    Atomics.store(this.counters, STOP, 1);
  }

  /**
   * Stores the fingerprint with low word `lo` and high word `hi` (as `fingerprintWords`
   * gives them) with its parent slot and action position; its slot, or -1 when already there.
   */
  addWords(lo: number, hi: number, parent: number, position: number): number {
    const klo = storedWord(lo);
    const khi = storedWord(hi);
    const words = this.words;
    const mask = this.mask;
    for (let slot = klo & mask; ; slot = (slot + 1) & mask) {
      const at = WORDS_PER_SLOT * slot;
      // A plain read skips most occupied slots without an atomic operation.
      let old = words[at];
      if (old === 0) {
        old = Atomics.compareExchange(words, at, 0, klo);
        if (old === 0) {
          words[at + PARENT] = parent;
          words[at + VIA] = position;
          Atomics.store(words, at + HIGH, khi);
          if (++this.pending >= FLUSH_EVERY) this.flush();
          return slot;
        }
      }
      if (old !== klo) continue;
      let high = Atomics.load(words, at + HIGH);
      // The slot was claimed by another worker that has not yet published the high word.
      while (high === 0) high = Atomics.load(words, at + HIGH);
      if (high === khi) return -1;
    }
  }

  /** The slot of the fingerprint with words `lo` and `hi`, or -1. Not for use while workers insert. */
  find(lo: number, hi: number): number {
    const klo = storedWord(lo);
    const khi = storedWord(hi);
    const words = this.words;
    for (let slot = klo & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = WORDS_PER_SLOT * slot;
      if (words[at] === 0) return -1;
      if (words[at] === klo && words[at + HIGH] === khi) return slot;
    }
  }

  /**
   * A table of twice the capacity holding the same entries (same counters), and the map
   * from old slots to new ones (-1 for empty slots), to renumber parents and frontiers;
   * built in `space` if given (made for this table's capacity).
   */
  grown(space = new GrowthSpace(this.capacity)): { table: SharedTable; moved: Int32Array } {
    this.flush();
    const next = new SharedTable({ slots: space.slots, counters: this.buffers.counters });
    const moved = space.finishedMoves();
    const words = this.words;
    const nwords = next.words;
    const nmask = next.mask;
    for (let slot = 0; slot <= this.mask; slot++) {
      const from = WORDS_PER_SLOT * slot;
      const lo = words[from];
      if (lo === 0) continue;
      let to = lo & nmask;
      while (nwords[WORDS_PER_SLOT * to] !== 0) to = (to + 1) & nmask;
      nwords[WORDS_PER_SLOT * to] = lo;
      nwords[WORDS_PER_SLOT * to + HIGH] = words[from + HIGH];
      nwords[WORDS_PER_SLOT * to + VIA] = words[from + VIA];
      moved[slot] = to;
    }
    for (let slot = 0; slot <= this.mask; slot++) {
      if (moved[slot] < 0) continue;
      const parent = words[WORDS_PER_SLOT * slot + PARENT];
      nwords[WORDS_PER_SLOT * moved[slot] + PARENT] = parent < 0 ? parent : moved[parent];
    }
    return { table: next, moved };
  }
}

/** Bytes of one page of memory, which the system hands out on first write. */
const PAGE_BYTES = 4096;

/**
 * The memory a table of `capacity` slots grows into: the doubled table's slots and the map
 * of moved slots. The system gives a fresh buffer its pages on first write, about 15
 * microseconds each, so rehashing into a fresh 32 MB table spent most of its time (140 of
 * 180 ms, measured on the larger Raft configuration) faulting pages in, while every worker
 * waited. `prepare` writes to every page ahead of time, a slice at a time, so the
 * coordinator can do it while the workers still expand; whatever it has not reached by the
 * time the table grows is faulted in then.
 *
 * Example: `const space = new GrowthSpace(table.capacity); while (!space.prepare(64)) {} table.grown(space)`.
 */
export class GrowthSpace {
  readonly slots: SharedArrayBuffer;
  private readonly slotWords: Int32Array;
  private readonly moved: Int32Array;
  /** Words of `slotWords` touched so far, and of `moved` filled with -1 (no slot). */
  private slotsDone = 0;
  private movedDone = 0;

  constructor(capacity: number) {
    this.slots = new SharedArrayBuffer(capacity * 2 * BYTES_PER_SLOT);
    this.slotWords = new Int32Array(this.slots);
    this.moved = new Int32Array(new SharedArrayBuffer(capacity * 4));
  }

  /** Writes to up to `pages` more pages; true once every page has been written. */
  prepare(pages: number): boolean {
    const pageWords = PAGE_BYTES / 4;
    for (; pages > 0 && this.slotsDone < this.slotWords.length; pages--, this.slotsDone += pageWords) this.slotWords[this.slotsDone] = 0;
    for (; pages > 0 && this.movedDone < this.moved.length; pages--) {
      const end = Math.min(this.moved.length, this.movedDone + pageWords);
      this.moved.fill(-1, this.movedDone, end);
      this.movedDone = end;
    }
    return this.movedDone === this.moved.length && this.slotsDone >= this.slotWords.length;
  }

  /** The share of the pages written so far, from 0 to 1. */
  preparedShare(): number {
    return (this.slotsDone + this.movedDone) / (this.slotWords.length + this.moved.length);
  }

  /** The map of moved slots, every entry -1 (filled here as far as `prepare` did not). */
  finishedMoves(): Int32Array {
    this.moved.fill(-1, this.movedDone);
    this.movedDone = this.moved.length;
    return this.moved;
  }
}
