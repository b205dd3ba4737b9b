import xxhash from 'xxhash-wasm';
import type { Model } from '../model/model.ts';

/**
 * 64-bit fingerprints of states, as TLC keeps them: the checker stores a hash of the model's
 * canonical encoding instead of the encoding itself, and accepts a tiny, reported chance
 * that two distinct states share a fingerprint.
 *
 * Two hashes give it. A cluster model hashes its states structurally (`hashInto`, from
 * src/system/hash.ts: no string is built, each message and each unchanged node is hashed
 * once). Any other model, and symmetry reduction (which takes the smallest encoding over the
 * permutations), hashes the canonical string with xxHash64 (xxhash-wasm), whose WebAssembly
 * module is instantiated once, at module load, with a top-level await, so that every checker
 * entry point stays synchronous.
 */
const { h64 } = await xxhash();

/** 2^64, the number of distinct fingerprints. */
const FINGERPRINT_SPACE = 2 ** 64;

/**
 * The 64-bit fingerprint of a canonical encoding; never 0n, because the visited table
 * reserves 0 for an empty slot (a hash of 0 is folded onto 1, which changes the collision
 * odds by one part in 2^64).
 *
 * Example: `fingerprint64('{"n":1}') === fingerprint64('{"n":1}')`.
 */
export function fingerprint64(encoding: string): bigint {
  const fp = h64(encoding);
  return fp === 0n ? 1n : fp;
}

// The fingerprint as two 32-bit words (low, high) and as one 64-bit value, over one buffer.
const words64 = new BigUint64Array(1);
const words = new Uint32Array(words64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const out = new Uint32Array(2);

/**
 * The fingerprint of a state as [low word, high word], in a buffer reused by the next call:
 * the model's own structural hash when it has one (`hashInto`), else xxHash64 of its
 * canonical encoding. The checker's hot path, free of BigInt.
 *
 * Example: `const [lo, hi] = fingerprintWords(model, state)`.
 */
export function fingerprintWords<S, A>(model: Model<S, A>, state: S): Uint32Array {
  if (model.hashInto) {
    model.hashInto(state, out);
    return out;
  }
  words64[0] = fingerprint64(model.fingerprint(state));
  out[0] = words[LITTLE_ENDIAN ? 0 : 1];
  out[1] = words[LITTLE_ENDIAN ? 1 : 0];
  return out;
}

/** The fingerprint of a state of `model`, as `fingerprintWords` computes it. Example: `stateFingerprint(model, model.initialStates()[0])`. */
export function stateFingerprint<S, A>(model: Model<S, A>, state: S): bigint {
  const [lo, hi] = fingerprintWords(model, state);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/**
 * TLC's "calculated (optimistic)" estimate of the probability that a run missed a state
 * because two distinct states had the same fingerprint: each of the `generated - distinct`
 * look-ups that found a state already seen could have matched any of the `distinct`
 * fingerprints by accident, each with chance 2^-64.
 *
 * Example: `optimisticCollisionProbability(52, 561)` is about 1.4e-15 (TLC prints 1.4E-15
 * for a run with 561 states generated and 52 distinct).
 */
export function optimisticCollisionProbability(distinct: number, generated: number): number {
  return (distinct * Math.max(0, generated - distinct)) / FINGERPRINT_SPACE;
}

/**
 * TLC's second estimate, "based on the actual fingerprints": 1 / the smallest difference
 * between two stored fingerprints. Fingerprints that crowd together suggest the hash is
 * not spreading states evenly.
 *
 * Example: `observedCollisionProbability(2 ** 40)` is 2^-40.
 */
export function observedCollisionProbability(smallestGap: number): number {
  return smallestGap <= 1 ? 1 : 1 / smallestGap;
}
