import { check } from '../invariant.ts';
import type { Accept, PaxosMessage, Prepare } from './messages.ts';
import { PaxosRole } from './role.ts';

/** An acceptor's whole state, under Paxos.tla's names; all of it is persistent. */
export interface AcceptorState {
  /** The highest ballot it promised (or voted in); -1 initially. */
  readonly maxBal: number;
  /** The ballot of its last vote; -1 if it never voted. */
  readonly maxVBal: number;
  /** The value of its last vote; null if it never voted. */
  readonly maxVal: string | null;
}

export interface AcceptorConfig {
  readonly id: string;
  /** Where its votes (Accepted) go besides the proposer that asked. */
  readonly learners: readonly string[];
  /** The state stored before a restart. */
  readonly persisted?: AcceptorState;
}

/**
 * A Paxos acceptor (Paxos Made Simple, section 2.2): promises on Prepare above its promise,
 * votes on Accept at or above it, and tells the proposer (with a Nack) when it refuses.
 *
 * Example:
 * ```ts
 * const a1 = new PaxosAcceptor({ id: 'a1', learners: ['l1'] });
 * a1.step({ type: 'Prepare', from: 'p1', to: 'a1', bal: 0 });
 * a1.ready(); // persist {maxBal: 0, ...}, messages [a1->p1 Promise bal=0 mbal=-1 mval=null]
 * ```
 */
export class PaxosAcceptor extends PaxosRole<AcceptorState, AcceptorState> {
  private maxBal: number;
  private maxVBal: number;
  private maxVal: string | null;
  private readonly learners: readonly string[];

  constructor(config: AcceptorConfig) {
    super(config.id);
    this.learners = [...config.learners];
    this.maxBal = config.persisted?.maxBal ?? -1;
    this.maxVBal = config.persisted?.maxVBal ?? -1;
    this.maxVal = config.persisted?.maxVal ?? null;
    this.markStable();
    this.checkInvariants(this.state());
  }

  state(): AcceptorState {
    return { maxBal: this.maxBal, maxVBal: this.maxVBal, maxVal: this.maxVal };
  }

  step(m: PaxosMessage): void {
    this.assertAddressed(m);
    this.input(() => {
      if (m.type === 'Prepare') this.onPrepare(m);
      else if (m.type === 'Accept') this.onAccept(m);
      // Promise, Accepted and Nack are for proposers and learners: nothing to do.
    });
  }

  /** Phase 1b: promise only above every ballot promised so far (Paxos.tla: m.bal > maxBal[a]). */
  private onPrepare(m: Prepare): void {
    if (m.bal > this.maxBal) {
      this.maxBal = m.bal;
      this.send({ type: 'Promise', from: this.id, to: m.from, bal: m.bal, mbal: this.maxVBal, mval: this.maxVal });
    } else {
      this.send({ type: 'Nack', from: this.id, to: m.from, bal: m.bal, promised: this.maxBal });
    }
  }

  /** Phase 2b: vote unless that breaks a promise for a higher ballot. */
  private onAccept(m: Accept): void {
    if (m.bal < this.maxBal) {
      this.send({ type: 'Nack', from: this.id, to: m.from, bal: m.bal, promised: this.maxBal });
      return;
    }
    check(m.bal >= this.maxBal, 'AcceptNeverBelowPromise', this.id, `voting in ballot ${m.bal} below promise ${this.maxBal}`);
    // One proposer owns a ballot and proposes one value in it; a second value is a proposer bug.
    check(m.bal !== this.maxVBal || m.val === this.maxVal, 'OneValuePerBallot', this.id, `asked to accept ${m.val} in ballot ${m.bal}, already voted ${this.maxVal}`);
    this.maxBal = m.bal;
    this.maxVBal = m.bal;
    this.maxVal = m.val;
    for (const to of new Set([m.from, ...this.learners])) this.send({ type: 'Accepted', from: this.id, to, bal: m.bal, val: m.val });
  }

  protected persistentState(): AcceptorState {
    return this.state();
  }

  protected snapshot(): AcceptorState {
    return this.state();
  }

  protected checkInvariants(before: AcceptorState): void {
    check(this.maxBal >= before.maxBal, 'PromiseNeverDecreases', this.id, `maxBal ${before.maxBal} -> ${this.maxBal}`);
    check(this.maxVBal >= before.maxVBal, 'VoteBallotNeverDecreases', this.id, `maxVBal ${before.maxVBal} -> ${this.maxVBal}`);
    check(this.maxVBal <= this.maxBal, 'NoVoteAbovePromise', this.id, `maxVBal ${this.maxVBal} > maxBal ${this.maxBal}`);
    check((this.maxVBal === -1) === (this.maxVal === null), 'VoteHasBallotAndValue', this.id, `maxVBal ${this.maxVBal}, maxVal ${this.maxVal}`);
  }
}
