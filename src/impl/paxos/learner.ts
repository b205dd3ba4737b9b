import { check, quorumSize } from '../invariant.ts';
import type { Accepted, PaxosMessage } from './messages.ts';
import type { LearnerReady } from './ready.ts';
import { PaxosRole } from './role.ts';

export interface LearnerConfig {
  readonly id: string;
  readonly acceptors: readonly string[];
}

/** A learner under the paper's words. */
export interface LearnerAbstractState {
  /** The value it learned was chosen; null until a majority of acceptors voted for one value in one ballot. */
  readonly learned: string | null;
  /** Every vote it heard of, sorted by ballot then acceptor. */
  readonly votes: readonly { readonly acceptor: string; readonly bal: number; readonly val: string }[];
}

/**
 * A Paxos learner (Paxos Made Simple, section 2.3): a value is chosen when a majority of
 * acceptors voted for it in the same ballot. It keeps nothing on disk: after a restart it
 * learns again from the acceptors.
 *
 * Example:
 * ```ts
 * const l1 = new PaxosLearner({ id: 'l1', acceptors: ['a1', 'a2', 'a3'] });
 * l1.step({ type: 'Accepted', from: 'a1', to: 'l1', bal: 0, val: 'x' });
 * l1.step({ type: 'Accepted', from: 'a2', to: 'l1', bal: 0, val: 'x' });
 * l1.ready().learned; // 'x'
 * ```
 */
export class PaxosLearner extends PaxosRole<Record<string, never>, string | null> {
  private readonly acceptors: ReadonlySet<string>;
  /** ballot -> acceptor -> value */
  private readonly votesByBallot = new Map<number, Map<string, string>>();
  private learnedValue: string | null = null;
  private announced = false;

  constructor(config: LearnerConfig) {
    super(config.id);
    this.acceptors = new Set(config.acceptors);
    this.markStable();
  }

  get learned(): string | null {
    return this.learnedValue;
  }

  abstractState(): LearnerAbstractState {
    const votes: { acceptor: string; bal: number; val: string }[] = [];
    for (const [bal, byAcceptor] of this.votesByBallot) for (const [acceptor, val] of byAcceptor) votes.push({ acceptor, bal, val });
    votes.sort((x, y) => x.bal - y.bal || (x.acceptor < y.acceptor ? -1 : x.acceptor > y.acceptor ? 1 : 0));
    return { learned: this.learnedValue, votes };
  }

  step(m: PaxosMessage): void {
    this.assertAddressed(m);
    this.input(() => {
      if (m.type === 'Accepted') this.onAccepted(m);
    });
  }

  private onAccepted(m: Accepted): void {
    if (!this.acceptors.has(m.from)) return;
    let byAcceptor = this.votesByBallot.get(m.bal);
    if (byAcceptor === undefined) this.votesByBallot.set(m.bal, (byAcceptor = new Map()));
    const earlier = byAcceptor.get(m.from);
    check(earlier === undefined || earlier === m.val, 'OneValuePerBallot', this.id, `${m.from} voted ${earlier} and ${m.val} in ballot ${m.bal}`);
    byAcceptor.set(m.from, m.val);
    let count = 0;
    for (const v of byAcceptor.values()) if (v === m.val) count++;
    if (count < quorumSize(this.acceptors.size)) return;
    check(this.learnedValue === null || this.learnedValue === m.val, 'LearnedValueNeverChanges', this.id, `learned ${this.learnedValue}, now ${m.val} has a majority in ballot ${m.bal}`);
    this.learnedValue = m.val;
  }

  /** The learned value comes out once, in the first Ready after it was learned. */
  override ready(): LearnerReady {
    const base = super.ready();
    return { persist: null, messages: base.messages, learned: this.announced ? null : this.learnedValue };
  }

  protected override extraReady(): boolean {
    return !this.announced && this.learnedValue !== null;
  }

  protected override afterAdvance(): void {
    if (this.learnedValue !== null) this.announced = true;
  }

  protected persistentState(): Record<string, never> {
    return {};
  }

  protected snapshot(): string | null {
    return this.learnedValue;
  }

  protected checkInvariants(before: string | null): void {
    check(before === null || this.learnedValue === before, 'LearnedValueNeverChanges', this.id, `${before} -> ${this.learnedValue}`);
  }
}
