import { sameJson } from './message.ts';

/**
 * One object per content: a value is found by a 32-bit hash of its content and then compared
 * (`same`, by default field by field as JSON), and the first object met for a content is the
 * one given back for every equal value after it, so that identity means equality and what is
 * derived from a value can be remembered by identity. Past `limit` values a new content is no
 * longer kept (and stays its own object).
 *
 * Example: `const messages = new Interned<Message>(); messages.of(m, hashOf(m).lo)`.
 */
export class Interned<T> {
  private readonly byHash = new Map<number, T[]>();
  private count = 0;

  constructor(
    private readonly limit: number,
    private readonly same: (known: T, value: T) => boolean = sameJson,
  ) {}

  /** The object kept for `value`'s content (`hash` is its hash), or `value`, now kept. */
  of(value: T, hash: number): T {
    const kept = this.byHash.get(hash);
    if (kept !== undefined) for (const known of kept) if (known === value || this.same(known, value)) return known;
    if (this.count < this.limit) {
      if (kept === undefined) this.byHash.set(hash, [value]);
      else kept.push(value);
      this.count++;
    }
    return value;
  }

  clear(): void {
    this.byHash.clear();
    this.count = 0;
  }
}
