/**
 * A 64-bit structural hash of plain JSON values that agrees with `canonical` (canonical.ts):
 * two values with the same canonical encoding get the same hash (object keys in any order,
 * an undefined field the same as an absent one, -0 the same as 0), without building the
 * encoding. The checker fingerprints every generated state, and building then hashing a
 * string of a whole cluster was most of its time (allocation, UTF-8 copying into xxHash).
 *
 * Two 32-bit lanes with unrelated round functions (MurmurHash3's and xxHash32's), so that an
 * input pair colliding in one lane is not thereby more likely to collide in the other, and a
 * final cross-mix (as MurmurHash3 x86_128 finishes). Not a cryptographic hash: like TLC's
 * fingerprints it assumes inputs that were not crafted to collide.
 *
 * Example: `const h = new Hasher(); h.value({a: 1}); h.finish(); h.lo, h.hi`.
 */
export class Hasher {
  /** The two halves of the last `finish()`ed hash; never both 0. */
  lo = 0;
  hi = 0;
  private a = SEED_A;
  private b = SEED_B;
  private length = 0;

  /** The lanes as they stand (for remembering a started hash). */
  get laneA(): number {
    return this.a;
  }

  get laneB(): number {
    return this.b;
  }

  /** Starts a new hash. */
  reset(): void {
    this.a = SEED_A;
    this.b = SEED_B;
    this.length = 0;
  }

  /** Mixes in one 32-bit word. */
  word(k: number): void {
    // Lane a: a MurmurHash3 x86_32 round.
    let ka = Math.imul(k, 0xcc9e2d51);
    ka = (ka << 15) | (ka >>> 17);
    ka = Math.imul(ka, 0x1b873593);
    let a = this.a ^ ka;
    a = (a << 13) | (a >>> 19);
    this.a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    // Lane b: an xxHash32 round.
    let b = (this.b + Math.imul(k, PRIME32_2)) | 0;
    b = (b << 13) | (b >>> 19);
    this.b = Math.imul(b, PRIME32_1);
    this.length++;
  }

  /** Mixes in a plain JSON value, as `canonical` would encode it. Throws on anything else. */
  value(v: unknown): void {
    switch (typeof v) {
      case 'number':
        if ((v | 0) === v) {
          this.word(TAG_INT);
          this.word(v);
        } else if (!Number.isFinite(v)) {
          throw new Error(`cannot encode the number ${v}`);
        } else {
          // Integers beyond 32 bits and fractions: by their canonical text, which is exact.
          this.word(TAG_NUMBER);
          this.string(String(v));
        }
        return;
      case 'string':
        this.word(TAG_STRING);
        this.string(v);
        return;
      case 'boolean':
        this.word(v ? TAG_TRUE : TAG_FALSE);
        return;
      case 'undefined':
        this.word(TAG_NULL);
        return;
      case 'object':
        if (v === null) this.word(TAG_NULL);
        else this.contents(v);
        return;
      default:
        throw new Error(`cannot encode a value of type ${typeof v}`);
    }
  }

  /** The elements of an array in order, or the fields of an object as a set. */
  private contents(v: object): void {
    if (Array.isArray(v)) {
      this.word(TAG_ARRAY);
      this.word(v.length);
      for (let i = 0; i < v.length; i++) this.value(v[i]);
      return;
    }
    const sums = (sumsPool[depth] ??= new FieldSums());
    fieldSums(v as Record<string, unknown>, sums);
    this.fields(sums);
  }

  /** Mixes in an object given by its field sums (`fieldSums`): the same as `value(object)`. */
  fields(sums: FieldSums): void {
    this.word(TAG_OBJECT);
    this.word(sums.count);
    this.word(sums.lo);
    this.word(sums.hi);
  }

  /** Mixes in a string: its own 64-bit hash, remembered for the few strings a model uses. */
  string(s: string): void {
    const at = rememberedString(s);
    if (at < 0) {
      this.word(scratch[0]);
      this.word(scratch[1]);
    } else {
      this.word(stringWords[4 * at]);
      this.word(stringWords[4 * at + 1]);
    }
  }

  /**
   * Starts the hash of one field of an object: the same as `reset()` then `string(key)`, with
   * the lanes after the key remembered per key, since the same field names recur in every
   * state.
   */
  startField(key: string): void {
    const at = rememberedString(key);
    if (at < 0) {
      this.reset();
      this.word(scratch[0]);
      this.word(scratch[1]);
      return;
    }
    this.a = stringWords[4 * at + 2];
    this.b = stringWords[4 * at + 3];
    this.length = 2;
  }

  /** Ends the hash: `lo` and `hi` hold it. */
  finish(): void {
    let a = fmix32(this.a ^ this.length);
    let b = fmix32(this.b ^ Math.imul(this.length, PRIME32_3));
    a = (a + b) | 0;
    b = (b + a) | 0;
    this.lo = a >>> 0;
    this.hi = b >>> 0;
    // 0 is the visited store's empty slot.
    if (this.lo === 0 && this.hi === 0) this.lo = 1;
  }
}

const SEED_A = 0x2545f491;
const SEED_B = 0x61c88647;
const PRIME32_1 = 0x9e3779b1 | 0;
const PRIME32_2 = 0x85ebca77 | 0;
const PRIME32_3 = 0xc2b2ae3d | 0;

// Type tags keep values of different kinds apart: 1 and "1", [] and {}, [[]] and [] [].
const TAG_INT = 0x1a2b3c01;
const TAG_NUMBER = 0x1a2b3c02;
const TAG_STRING = 0x1a2b3c03;
const TAG_TRUE = 0x1a2b3c04;
const TAG_FALSE = 0x1a2b3c05;
const TAG_NULL = 0x1a2b3c06;
const TAG_ARRAY = 0x1a2b3c07;
const TAG_OBJECT = 0x1a2b3c08;

/**
 * What an object contributes to a hash. An object is the set of its fields: each field
 * (key and value) is hashed on its own and the field hashes are added word by word, so key
 * order does not matter and no key is ever sorted (sorting the keys of every context was a
 * tenth of the checker's time), and an object made from another by changing a few fields
 * can be hashed from the other's sums by hashing only those fields (`fieldSumsFrom`).
 */
export class FieldSums {
  count = 0;
  lo = 0;
  hi = 0;
}

// One hasher and one FieldSums per nesting depth, for the fields of nested objects.
const pool: Hasher[] = [];
const sumsPool: FieldSums[] = [];
let depth = 0;

/** The hash of one field, its key and its value, into `h.lo` and `h.hi`. */
function hashField(h: Hasher, key: string, value: unknown): void {
  h.startField(key);
  h.value(value);
  h.finish();
}

/** The field sums of `record`, into `out`. Example: `fieldSums({a: 1}, sums); sums.count === 1`. */
export function fieldSums(record: Readonly<Record<string, unknown>>, out: FieldSums): void {
  const field = (pool[depth] ??= new Hasher());
  depth++;
  let lo = 0;
  let hi = 0;
  let count = 0;
  for (const key in record) {
    const value = record[key];
    if (value === undefined) continue;
    hashField(field, key, value);
    lo = (lo + field.lo) | 0;
    hi = (hi + field.hi) | 0;
    count++;
  }
  depth--;
  out.count = count;
  out.lo = lo;
  out.hi = hi;
}

/**
 * The field sums of `record` computed from those of `base`: a field whose value is the very
 * same (a shared array or object, or an equal primitive) is not hashed again; a changed field
 * has its old hash taken out and its new one added. Correct whatever `base` is; fast when
 * `record` was made from `base` by changing a few fields, as a step makes a node's context.
 *
 * Example: `fieldSumsFrom({...ctx, term: 2}, ctx, ctxSums, out)` hashes only `term`.
 */
export function fieldSumsFrom(record: Readonly<Record<string, unknown>>, base: Readonly<Record<string, unknown>>, baseSums: FieldSums, out: FieldSums): void {
  const field = (pool[depth] ??= new Hasher());
  depth++;
  let lo = baseSums.lo;
  let hi = baseSums.hi;
  let count = baseSums.count;
  // Fields of `base` met again in `record` (changed or not); if that is all of them
  // (`baseSums.count`), none was removed.
  let kept = 0;
  for (const key in record) {
    const value = record[key];
    const old = base[key];
    if (value === old) {
      if (value !== undefined) kept++;
      continue;
    }
    if (old !== undefined) {
      hashField(field, key, old);
      lo = (lo - field.lo) | 0;
      hi = (hi - field.hi) | 0;
      count--;
      kept++;
    }
    if (value !== undefined) {
      hashField(field, key, value);
      lo = (lo + field.lo) | 0;
      hi = (hi + field.hi) | 0;
      count++;
    }
  }
  if (kept < baseSums.count) {
    // Some field of `base` is not in `record`: take those out.
    for (const key in base) {
      const old = base[key];
      // Keys of `record` were all settled above, an undefined value included.
      if (old === undefined || Object.prototype.hasOwnProperty.call(record, key)) continue;
      hashField(field, key, old);
      lo = (lo - field.lo) | 0;
      hi = (hi - field.hi) | 0;
      count--;
    }
  }
  depth--;
  out.count = count;
  out.lo = lo;
  out.hi = hi;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

// Field names, node ids, message types and values repeat in every state: each is hashed
// once. Per remembered string, four words: its hash (low, high), and the two lanes of a
// hasher that has just started on it (for `startField`). A bound keeps a model with
// data-valued strings from growing this without end.
const MAX_REMEMBERED_STRINGS = 1 << 16;
const stringSlots = new Map<string, number>();
let stringWords = new Int32Array(4 * 64);
const scratch = new Int32Array(2);
const keyStart = new Hasher();

// In front of the map, a small direct-mapped cache by length and end characters: the few
// field names and values of a model mostly land in slots of their own, and a hit costs a
// string comparison (a pointer comparison when equal) instead of a map look-up.
const FRONT = 256;
const frontKeys: (string | undefined)[] = new Array(FRONT).fill(undefined);
const frontSlots = new Int32Array(FRONT);

function frontIndex(s: string): number {
  const n = s.length;
  return n === 0 ? 0 : (Math.imul(n, 97) + Math.imul(s.charCodeAt(0), 31) + s.charCodeAt(n - 1)) & (FRONT - 1);
}

/** The slot of a remembered string (remembering it if there is room), or -1 with its hash in `scratch`. */
function rememberedString(s: string): number {
  const front = frontIndex(s);
  if (frontKeys[front] === s) return frontSlots[front];
  let at = stringSlots.get(s);
  if (at !== undefined) {
    frontKeys[front] = s;
    frontSlots[front] = at;
    return at;
  }
  hashString(s);
  at = stringSlots.size;
  if (at >= MAX_REMEMBERED_STRINGS) return -1;
  if (4 * at >= stringWords.length) {
    const grown = new Int32Array(stringWords.length * 2);
    grown.set(stringWords);
    stringWords = grown;
  }
  stringWords[4 * at] = scratch[0];
  stringWords[4 * at + 1] = scratch[1];
  keyStart.reset();
  keyStart.word(scratch[0]);
  keyStart.word(scratch[1]);
  stringWords[4 * at + 2] = keyStart.laneA;
  stringWords[4 * at + 3] = keyStart.laneB;
  stringSlots.set(s, at);
  return at;
}

/** A string's own 64-bit hash, into `scratch`: its length, then its UTF-16 code units. */
function hashString(s: string): void {
  const h = new Hasher();
  h.word(s.length);
  for (let i = 0; i < s.length; i++) h.word(s.charCodeAt(i));
  h.finish();
  scratch[0] = h.lo;
  scratch[1] = h.hi;
}
