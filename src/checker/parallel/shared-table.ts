/**
 * The visited store shared by every worker of a parallel search: an open-addressing table
 * of 64-bit fingerprints in a SharedArrayBuffer, where a worker claims an empty slot with one
 * Atomics.compareExchange, so two workers can never both insert one state. Beside each slot,
 * the parent's slot and the action position that reached it (as StateGraph keeps them), from
 * which the coordinator rebuilds a trace.
 *
 * The table does not grow while workers insert: a worker pauses once the table is half full,
 * and the coordinator doubles it between rounds (`grown`), renumbering slots.
 */

/** The buffers of one table, as posted to a worker. */
export interface SharedTableBuffers {
  readonly fingerprints: SharedArrayBuffer;
  readonly parents: SharedArrayBuffer;
  readonly via: SharedArrayBuffer;
  /** [0]: states stored; [1]: a stop request (1) from the coordinator or a worker. */
  readonly counters: SharedArrayBuffer;
}

const COUNT = 0;
const STOP = 1;

/**
 * Example: `const t = SharedTable.create(1 << 16); t.insert(42n, -1, 0) >= 0; t.insert(42n, -1, 0) === -1`.
 */
export class SharedTable {
  readonly fps: BigInt64Array;
  readonly parents: Int32Array;
  readonly via: Uint16Array;
  readonly counters: Int32Array;
  readonly mask: number;

  constructor(readonly buffers: SharedTableBuffers) {
    this.fps = new BigInt64Array(buffers.fingerprints);
    this.parents = new Int32Array(buffers.parents);
    this.via = new Uint16Array(buffers.via);
    this.counters = new Int32Array(buffers.counters);
    this.mask = this.fps.length - 1;
  }

  /** A fresh table of `capacity` slots (a power of two). */
  static create(capacity: number, counters = new SharedArrayBuffer(8)): SharedTable {
    return new SharedTable({
      fingerprints: new SharedArrayBuffer(capacity * 8),
      parents: new SharedArrayBuffer(capacity * 4),
      via: new SharedArrayBuffer(capacity * 2),
      counters,
    });
  }

  get capacity(): number {
    return this.mask + 1;
  }

  get size(): number {
    return Atomics.load(this.counters, COUNT);
  }

  get byteLength(): number {
    return this.capacity * 14;
  }

  /** Workers pause when the table is this full, so that it never fills during a round. */
  get pauseAt(): number {
    return this.capacity >>> 1;
  }

  stopRequested(): boolean {
    return Atomics.load(this.counters, STOP) !== 0;
  }

  requestStop(): void {
    Atomics.store(this.counters, STOP, 1);
  }

  /** Stores fingerprint `fp` (nonzero, below 2^64) with its parent slot and action position; its slot, or -1 when already there. */
  insert(fp: bigint, parent: number, position: number): number {
    const key = BigInt.asIntN(64, fp);
    const fps = this.fps;
    const mask = this.mask;
    for (let slot = Number(fp & 0xffffffffn) & mask; ; slot = (slot + 1) & mask) {
      const old = Atomics.compareExchange(fps, slot, 0n, key);
      if (old === 0n) {
        this.parents[slot] = parent;
        this.via[slot] = position;
        Atomics.add(this.counters, COUNT, 1);
        return slot;
      }
      if (old === key) return -1;
    }
  }

  /** The slot of `fp`, or -1. */
  find(fp: bigint): number {
    const key = BigInt.asIntN(64, fp);
    for (let slot = Number(fp & 0xffffffffn) & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = this.fps[slot];
      if (at === key) return slot;
      if (at === 0n) return -1;
    }
  }

  /**
   * A table of twice the capacity holding the same entries (same counters), and the map
   * from old slots to new ones (-1 for empty slots), to renumber parents and frontiers.
   */
  grown(): { table: SharedTable; moved: Int32Array } {
    const next = SharedTable.create(this.capacity * 2, this.buffers.counters);
    const moved = new Int32Array(new SharedArrayBuffer(this.capacity * 4)).fill(-1);
    const nmask = next.mask;
    for (let slot = 0; slot <= this.mask; slot++) {
      const key = this.fps[slot];
      if (key === 0n) continue;
      let at = Number(BigInt.asUintN(64, key) & 0xffffffffn) & nmask;
      while (next.fps[at] !== 0n) at = (at + 1) & nmask;
      next.fps[at] = key;
      next.via[at] = this.via[slot];
      moved[slot] = at;
    }
    for (let slot = 0; slot <= this.mask; slot++) {
      if (moved[slot] < 0) continue;
      const parent = this.parents[slot];
      next.parents[moved[slot]] = parent < 0 ? parent : moved[parent];
    }
    return { table: next, moved };
  }
}
