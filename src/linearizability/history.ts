/**
 * A client history of a key-value store: each operation with the time it was invoked and the
 * time its response arrived. An operation whose response never came (a timeout, a crash, a
 * connection reset) has `returned: null`: it may or may not have taken effect, so the
 * checker lets it take effect at any point after its invocation, or never.
 */

/** A write of `value` under `key`, or a read of `key` that returned `value` (null: absent). */
export type KvInput = { readonly kind: 'put'; readonly key: string; readonly value: string } | { readonly kind: 'get'; readonly key: string };

export interface KvOperation {
  /** Which client issued it; only for reports. */
  readonly client: number;
  readonly input: KvInput;
  /** A get's result (null: the key was absent); ignored for a put and for an unanswered op. */
  readonly output: string | null;
  /** Monotonic time of the invocation, in any unit shared by the whole history. */
  readonly invoked: number;
  /** Monotonic time of the response; null when no response came (indeterminate). */
  readonly returned: number | null;
}

/**
 * Example: `put(1, 'x', '1', 0, 10)` is client 1 writing x=1, invoked at 0, acknowledged at 10.
 */
export function put(client: number, key: string, value: string, invoked: number, returned: number | null): KvOperation {
  return { client, input: { kind: 'put', key, value }, output: null, invoked, returned };
}

/** Example: `get(2, 'x', '1', 5, 12)` is client 2 reading x and getting 1. */
export function get(client: number, key: string, output: string | null, invoked: number, returned: number | null): KvOperation {
  return { client, input: { kind: 'get', key }, output, invoked, returned };
}
