/**
 * The set of fingerprints seen so far: an open-addressing hash table of 64-bit keys held in
 * one Uint32Array (two words per slot), with linear probing, 0 reserved for an empty slot,
 * and growth by doubling. 8 bytes per slot and no object per state, where a Map of canonical
 * strings costs hundreds of bytes per state.
 *
 * The table doubles when it is 90% full, so it always holds between 1.11 and 2.22 slots per
 * key: at most 17.8 bytes per key, which with the 6 bytes of parent and action index kept by
 * StateGraph stays under 24 bytes per distinct state. Linear probing at 90% load still costs
 * few probes on average, because the load is at 90% only just before a doubling.
 */

/** The table may not grow: the memory limit forbids it, or the allocation failed. */
export class StoreFullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreFullError';
  }
}

export interface VisitedSetOptions {
  /** Slots to start with (rounded up to a power of two, at least 16). */
  readonly initialCapacity?: number;
  /**
   * Asked before every doubling with the bytes the new table needs (the old one is freed
   * after rehashing); false refuses it and `add` throws StoreFullError.
   */
  readonly allowGrowth?: (bytes: number) => boolean;
}

const MAX_LOAD = 0.9;
/** Slot indices stay below 2^30 so that they and their word offsets are exact small integers. */
const MAX_CAPACITY = 2 ** 30;
const BYTES_PER_SLOT = 8;

// A BigInt is split into two 32-bit words through a shared 8-byte buffer: no BigInt
// arithmetic, so no allocation per key. LO and HI name the words whatever the byte order.
const scratch64 = new BigUint64Array(1);
const scratch32 = new Uint32Array(scratch64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;

/**
 * A set of nonzero 64-bit fingerprints.
 *
 * Example: `const seen = new VisitedSet(); seen.add(42n) === true; seen.add(42n) === false`.
 */
export class VisitedSet {
  private words: Uint32Array;
  private mask: number;
  private growAt: number;
  private count = 0;

  constructor(private readonly options: VisitedSetOptions = {}) {
    let capacity = 16;
    while (capacity < (options.initialCapacity ?? 1024) && capacity < MAX_CAPACITY) capacity *= 2;
    this.words = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
    this.growAt = Math.floor(capacity * MAX_LOAD);
  }

  /** Distinct fingerprints stored. */
  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.mask + 1;
  }

  /** Bytes held by the table. */
  get byteLength(): number {
    return this.words.byteLength;
  }

  /** True when `fp` was stored. */
  has(fp: bigint): boolean {
    load(fp);
    const lo = scratch32[LO];
    const hi = scratch32[HI];
    const words = this.words;
    const mask = this.mask;
    for (let slot = lo & mask; ; slot = (slot + 1) & mask) {
      const wlo = words[2 * slot + LO];
      const whi = words[2 * slot + HI];
      if (wlo === lo && whi === hi) return true;
      if (wlo === 0 && whi === 0) return false;
    }
  }

  /** Stores `fp`; true when it is new, false when it was already there. */
  add(fp: bigint): boolean {
    load(fp);
    return this.addWords(scratch32[LO], scratch32[HI]);
  }

  /** `add` for a fingerprint given as its low and high 32-bit words (not both 0): no BigInt on the hot path. */
  addWords(lo: number, hi: number): boolean {
    const words = this.words;
    const mask = this.mask;
    let slot = lo & mask;
    for (; ; slot = (slot + 1) & mask) {
      const wlo = words[2 * slot + LO];
      const whi = words[2 * slot + HI];
      if (wlo === lo && whi === hi) return false;
      if (wlo === 0 && whi === 0) break;
    }
    if (this.count + 1 > this.growAt) {
      this.grow();
      this.place(lo, hi);
    } else {
      words[2 * slot + LO] = lo;
      words[2 * slot + HI] = hi;
    }
    this.count++;
    return true;
  }

  /**
   * The smallest difference between two stored fingerprints (a double: exact to 53 bits,
   * which is all a probability needs), or undefined with fewer than two. Sorts a copy.
   */
  smallestGap(): number | undefined {
    if (this.count < 2) return undefined;
    let sorted: BigUint64Array;
    try {
      sorted = new BigUint64Array(this.count);
    } catch {
      return undefined;
    }
    const out = new Uint32Array(sorted.buffer);
    const words = this.words;
    let n = 0;
    for (let slot = 0; slot <= this.mask; slot++) {
      const wlo = words[2 * slot + LO];
      const whi = words[2 * slot + HI];
      if (wlo === 0 && whi === 0) continue;
      out[2 * n + LO] = wlo;
      out[2 * n + HI] = whi;
      n++;
    }
    sorted.sort();
    let smallest = Infinity;
    for (let i = 1; i < n; i++) {
      const gap = (out[2 * i + HI] - out[2 * i - 2 + HI]) * 2 ** 32 + (out[2 * i + LO] - out[2 * i - 2 + LO]);
      if (gap < smallest) smallest = gap;
    }
    return smallest;
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    const bytes = capacity * BYTES_PER_SLOT;
    if (capacity > MAX_CAPACITY) throw new StoreFullError(`the visited store holds its maximum of ${this.count} states`);
    if (this.options.allowGrowth && !this.options.allowGrowth(bytes)) {
      throw new StoreFullError(`the visited store (${this.count} states) could not double to ${Math.round(bytes / 2 ** 20)} MB`);
    }
    const old = this.words;
    try {
      this.words = new Uint32Array(capacity * 2);
    } catch (error) {
      if (error instanceof RangeError) throw new StoreFullError(`the visited store (${this.count} states) could not allocate ${Math.round(bytes / 2 ** 20)} MB`);
      throw error;
    }
    this.mask = capacity - 1;
    this.growAt = Math.floor(capacity * MAX_LOAD);
    for (let i = 0; i < old.length; i += 2) {
      const wlo = old[i + LO];
      const whi = old[i + HI];
      if (wlo !== 0 || whi !== 0) this.place(wlo, whi);
    }
  }

  /** Puts a key known to be absent into the first free slot of its probe sequence. */
  private place(lo: number, hi: number): void {
    const words = this.words;
    const mask = this.mask;
    let slot = lo & mask;
    while (words[2 * slot + LO] !== 0 || words[2 * slot + HI] !== 0) slot = (slot + 1) & mask;
    words[2 * slot + LO] = lo;
    words[2 * slot + HI] = hi;
  }
}

/** Puts a fingerprint's two words in `scratch32`; rejects 0 (the empty slot) and values outside 64 bits. */
function load(fp: bigint): void {
  if (fp <= 0n || fp >= 18446744073709551616n) throw new RangeError(`a fingerprint is a nonzero 64-bit value, not ${fp}`);
  scratch64[0] = fp;
}
