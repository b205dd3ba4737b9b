import { CoreUsageError } from '../invariant.ts';
import type { PaxosMessage } from './messages.ts';
import type { PaxosReady } from './ready.ts';

/**
 * What the three Paxos roles share: an outbox, the persisted-state bookkeeping behind
 * `ready()`/`advance()`, and a wrapper that refuses input between the two and checks the
 * role's invariants after every input.
 */
export abstract class PaxosRole<S, B> {
  private outbox: PaxosMessage[] = [];
  private stable: string;
  private outstanding: { persist: S | null } | null = null;

  protected constructor(readonly id: string) {
    this.stable = '';
  }

  /** Call at the end of a subclass constructor: the state it starts from counts as persisted. */
  protected markStable(): void {
    this.stable = JSON.stringify(this.persistentState());
  }

  /** What must survive a restart. */
  protected abstract persistentState(): S;
  /** A snapshot of what the invariants compare before and after an input. */
  protected abstract snapshot(): B;
  /** Throws an InvariantViolation if an input broke an invariant. */
  protected abstract checkInvariants(before: B): void;

  protected send(m: PaxosMessage): void {
    this.outbox.push(m);
  }

  protected input<T>(body: () => T): T {
    if (this.outstanding !== null) throw new CoreUsageError(`${this.id}: input between ready() and advance()`);
    const before = this.snapshot();
    const result = body();
    this.checkInvariants(before);
    return result;
  }

  protected assertAddressed(m: PaxosMessage): void {
    if (m.to !== this.id) throw new CoreUsageError(`${this.id}: got a message addressed to ${m.to}`);
  }

  hasReady(): boolean {
    return this.outbox.length > 0 || JSON.stringify(this.persistentState()) !== this.stable || this.extraReady();
  }

  /** Subclasses with more output than messages and state say so here. */
  protected extraReady(): boolean {
    return false;
  }

  /** Persist `persist` if not null, then send `messages`, then call `advance()`. */
  ready(): PaxosReady<S> {
    const current = this.persistentState();
    const persist = JSON.stringify(current) === this.stable ? null : current;
    this.outstanding = { persist };
    return { persist, messages: [...this.outbox] };
  }

  advance(): void {
    if (this.outstanding === null) throw new CoreUsageError(`${this.id}: advance() without a ready()`);
    if (this.outstanding.persist !== null) this.stable = JSON.stringify(this.outstanding.persist);
    this.outbox = [];
    this.outstanding = null;
    this.afterAdvance();
  }

  protected afterAdvance(): void {}
}
