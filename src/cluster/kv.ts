/**
 * The replicated state machine: a map from keys to values. Commands travel through the Raft
 * log as JSON strings; reads go through the log too, which makes them linearizable without
 * leases or ReadIndex (at the cost of a log entry per read).
 */

export type KvCommand = { readonly id: string; readonly op: 'put'; readonly key: string; readonly value: string } | { readonly id: string; readonly op: 'get'; readonly key: string };

/** What applying a command returns to its client: a put gives null, a get the value (null if absent). */
export type KvResult = string | null;

/**
 * Example: `const kv = new KvStore(); kv.apply('{"id":"a","op":"put","key":"x","value":"1"}')`
 * then `kv.apply('{"id":"b","op":"get","key":"x"}')` gives `{ id: 'b', result: '1' }`.
 */
export class KvStore {
  private readonly data = new Map<string, string>();

  /** Applies one committed log value; a value that is not a command (none today) is skipped. */
  apply(value: string): { id: string; result: KvResult } | null {
    let cmd: KvCommand;
    try {
      cmd = JSON.parse(value) as KvCommand;
    } catch {
      return null;
    }
    if (cmd.op === 'put') {
      this.data.set(cmd.key, cmd.value);
      return { id: cmd.id, result: null };
    }
    if (cmd.op === 'get') return { id: cmd.id, result: this.data.get(cmd.key) ?? null };
    return null;
  }

  get size(): number {
    return this.data.size;
  }
}
