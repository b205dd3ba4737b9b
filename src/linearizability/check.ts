import type { KvOperation } from './history.ts';

/**
 * Linearizability checking of key-value histories: Wing and Gong's search for a total order
 * consistent with real time and with a register's semantics, with the two optimisations of
 * Lowe ("Testing for linearizability", 2017) that Porcupine also uses:
 *
 * - memoisation: a configuration is (set of operations already linearized, register value);
 *   reaching one twice by different orders cannot lead anywhere new, so it is cached;
 * - P-compositionality: a history is linearizable iff each key's sub-history is
 *   (Herlihy and Wing's locality), so each key is checked on its own.
 *
 * An operation without a response may be linearized anywhere after its invocation, or left
 * out: a write that timed out may or may not have happened. Unanswered reads say nothing and
 * are dropped, and so are unanswered writes of a value no answered read returned (leaving
 * one out can only help).
 */

export interface LinearizabilityResult {
  readonly ok: boolean;
  /** The first key whose sub-history is not linearizable. */
  readonly badKey?: string;
  /** Searched configurations, summed over keys (a measure of the work). */
  readonly configurations: number;
  /** True when the search for some key gave up at `maxConfigurations` (then `ok` is false). */
  readonly unknown?: boolean;
}

/**
 * Example:
 * ```ts
 * checkLinearizable([put(1, 'x', '1', 0, 10), get(2, 'x', '1', 5, 12)]).ok // true
 * checkLinearizable([put(1, 'x', '1', 0, 10), get(2, 'x', null, 11, 12)]).ok // false: a stale read
 * ```
 */
export function checkLinearizable(history: readonly KvOperation[], options: { maxConfigurations?: number } = {}): LinearizabilityResult {
  const byKey = new Map<string, KvOperation[]>();
  // The values some answered read of each key returned.
  const read = new Set<string>();
  for (const op of history) if (op.input.kind === 'get' && op.returned !== null && op.output !== null) read.add(`${op.input.key}\u0000${op.output}`);
  for (const op of history) {
    // An unanswered read has no observable effect.
    if (op.input.kind === 'get' && op.returned === null) continue;
    // Nor has an unanswered write of a value no answered read returned: if a linearization
    // takes effect with it, the same order without it is one too (no read reads from it,
    // and a read after it that returned an older value or absent cannot have followed it
    // with no later write). Dropping such writes keeps a history with many timed-out
    // writes (a cluster under faults) from making the search exponential.
    if (op.input.kind === 'put' && op.returned === null && !read.has(`${op.input.key}\u0000${op.input.value}`)) continue;
    const list = byKey.get(op.input.key) ?? [];
    list.push(op);
    byKey.set(op.input.key, list);
  }
  let configurations = 0;
  for (const key of [...byKey.keys()].sort()) {
    const r = checkRegister(byKey.get(key)!, options.maxConfigurations ?? 5_000_000);
    configurations += r.configurations;
    if (!r.ok) return { ok: false, badKey: key, configurations, unknown: r.unknown };
  }
  return { ok: true, configurations };
}

/**
 * One key's history against a register that starts absent (null). Depth-first search over
 * "which minimal operation goes next", as Wing and Gong; an operation is minimal when no other
 * pending operation returned before it was invoked.
 */
function checkRegister(ops: readonly KvOperation[], maxConfigurations: number): { ok: boolean; configurations: number; unknown?: boolean } {
  const n = ops.length;
  const INF = Number.POSITIVE_INFINITY;
  const ret = ops.map((o) => o.returned ?? INF);
  // Sorting by invocation lets the "minimal" test stop early.
  const order = ops.map((_, i) => i).sort((a, b) => ops[a].invoked - ops[b].invoked);
  const words = Math.ceil(n / 32);
  const done = new Uint32Array(words);
  const seen = new Set<string>();
  let configurations = 0;
  let unknown = false;
  // Operations that must be linearized: those that returned. Unanswered writes are optional.
  const required = ops.filter((o) => o.returned !== null).length;

  const isDone = (i: number): boolean => (done[i >>> 5] & (1 << (i & 31))) !== 0;
  const flip = (i: number): void => void (done[i >>> 5] ^= 1 << (i & 31));

  const search = (value: string | null, linearizedRequired: number): boolean => {
    if (linearizedRequired === required) return true;
    const key = `${done.join(',')}|${value === null ? '\u0000' : value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    if (++configurations > maxConfigurations) {
      unknown = true;
      return false;
    }
    // The earliest response among pending operations bounds which ones may go next.
    let horizon = INF;
    for (const i of order) if (!isDone(i) && ret[i] < horizon) horizon = ret[i];
    for (const i of order) {
      if (isDone(i)) continue;
      if (ops[i].invoked > horizon) break;
      const op = ops[i];
      let next: string | null;
      if (op.input.kind === 'put') next = op.input.value;
      else if (op.output === value) next = value;
      else continue;
      flip(i);
      const ok = search(next, linearizedRequired + (op.returned === null ? 0 : 1));
      flip(i);
      if (ok) return true;
      if (unknown) return false;
    }
    return false;
  };

  const ok = search(null, 0);
  return { ok, configurations, unknown: unknown || undefined };
}
