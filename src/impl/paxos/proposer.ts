import { check, CoreUsageError, quorumSize } from '../invariant.ts';
import type { RandomSource } from '../random.ts';
import { nextBallotAbove, ownsBallot } from './ballot.ts';
import type { Accepted, Nack, PaxosMessage, PromiseMessage } from './messages.ts';
import { PaxosRole } from './role.ts';

/**
 * Where a proposer is in its current ballot: idle (none, or given up after a Nack),
 * preparing (phase 1 sent, collecting promises), accepting (phase 2 sent), chosen (a
 * majority voted for its proposal).
 */
export type ProposerPhase = 'idle' | 'preparing' | 'accepting' | 'chosen';

/** What a proposer persists: its highest ballot, so that a restarted proposer never reuses one. */
export interface ProposerState {
  readonly ballot: number;
}

export interface ProposerConfig {
  readonly id: string;
  readonly acceptors: readonly string[];
  /** This proposer's position among `proposerCount` proposers: it owns ballots index, index + count, ... */
  readonly index: number;
  readonly proposerCount: number;
  /**
   * After this many ticks without a value chosen, start over with a higher ballot; the wait
   * is drawn in [retryTicks, 2 * retryTicks) when `random` is given, so that duelling
   * proposers drift apart (Paxos Made Simple, section 2.4). Default: never retry on ticks.
   */
  readonly retryTicks?: number;
  readonly random?: RandomSource;
  /** True (default): send phase 2 as soon as a quorum promised. False: only `sendAccept()` does. */
  readonly sendEagerly?: boolean;
  readonly persisted?: ProposerState;
}

/** A proposer under the paper's words, for comparisons and properties. */
export interface ProposerAbstractState {
  /** Its current ballot; -1 before its first Prepare. */
  readonly ballot: number;
  readonly phase: ProposerPhase;
  /** The value it was asked to propose; null until propose(). */
  readonly value: string | null;
  /** Acceptors that promised in the current ballot, sorted. */
  readonly promisedBy: readonly string[];
  /** The value it sent in phase 2 of the current ballot; null before phase 2. */
  readonly proposal: string | null;
}

interface ProposerBefore {
  readonly ballot: number;
  readonly proposal: string | null;
}

/**
 * A Paxos proposer (Paxos Made Simple, section 2.2): phase 1 with a ballot of its own,
 * then phase 2 with the value of the highest-ballot vote among the promises, or its own
 * value if no acceptor of the quorum voted. It learns from the acceptors' Accepted
 * messages whether its proposal was chosen.
 *
 * Example:
 * ```ts
 * const p1 = new PaxosProposer({ id: 'p1', acceptors: ['a1', 'a2', 'a3'], index: 0, proposerCount: 1 });
 * p1.propose('x'); // Prepare bal=0 to a1, a2, a3
 * ```
 */
export class PaxosProposer extends PaxosRole<ProposerState, ProposerBefore> {
  private readonly cfg: {
    readonly acceptors: readonly string[];
    readonly index: number;
    readonly proposerCount: number;
    readonly retryTicks: number | undefined;
    readonly random: RandomSource | undefined;
    readonly sendEagerly: boolean;
  };
  private ballotNow: number;
  private phaseNow: ProposerPhase = 'idle';
  private valueWanted: string | null = null;
  private proposalNow: string | null = null;
  private readonly promises = new Map<string, { mbal: number; mval: string | null }>();
  private readonly votes = new Set<string>();
  /** The highest ballot heard of (in promises refused by a Nack); the next ballot goes above it. */
  private highestSeen = -1;
  private ticksWaited = 0;
  private retryAfter = Number.POSITIVE_INFINITY;

  constructor(config: ProposerConfig) {
    super(config.id);
    if (!Number.isInteger(config.proposerCount) || config.proposerCount < 1) throw new CoreUsageError(`proposerCount must be a positive integer, got ${config.proposerCount}`);
    if (config.retryTicks !== undefined && (!Number.isInteger(config.retryTicks) || config.retryTicks < 1)) throw new CoreUsageError(`retryTicks must be a positive integer, got ${config.retryTicks}`);
    this.cfg = {
      acceptors: [...config.acceptors].sort(),
      index: config.index,
      proposerCount: config.proposerCount,
      retryTicks: config.retryTicks,
      random: config.random,
      sendEagerly: config.sendEagerly ?? true,
    };
    nextBallotAbove(-1, config.index, config.proposerCount); // validates the index
    this.ballotNow = config.persisted?.ballot ?? -1;
    this.highestSeen = this.ballotNow;
    this.markStable();
  }

  // ------------------------------------------------------------ read-only state

  get ballot(): number {
    return this.ballotNow;
  }
  get phase(): ProposerPhase {
    return this.phaseNow;
  }
  abstractState(): ProposerAbstractState {
    return { ballot: this.ballotNow, phase: this.phaseNow, value: this.valueWanted, promisedBy: [...this.promises.keys()].sort(), proposal: this.proposalNow };
  }

  // ------------------------------------------------------------ inputs

  /** Asks for `value` to be chosen and starts phase 1 with a fresh ballot. Returns that ballot. */
  propose(value: string): number {
    return this.input(() => {
      this.valueWanted = value;
      return this.startBallot(nextBallotAbove(Math.max(this.ballotNow, this.highestSeen), this.cfg.index, this.cfg.proposerCount));
    });
  }

  /** Phase 1a with a given ballot (Paxos.tla's Phase1a(b)), for a replay that picks ballots itself. */
  prepare(ballot: number): void {
    if (!ownsBallot(ballot, this.cfg.index, this.cfg.proposerCount)) throw new CoreUsageError(`${this.id}: ballot ${ballot} belongs to another proposer`);
    if (ballot <= this.ballotNow) throw new CoreUsageError(`${this.id}: ballot ${ballot} is not above its current ballot ${this.ballotNow}`);
    this.input(() => void this.startBallot(ballot));
  }

  /**
   * Phase 2a now, if a quorum promised in the current ballot and there is a value to
   * propose. Returns whether Accept messages were sent.
   */
  sendAccept(): boolean {
    return this.input(() => this.maybeSendAccept());
  }

  /** One unit of time: after the retry timeout, a proposer whose value is not chosen tries a higher ballot. */
  tick(): void {
    this.input(() => {
      if (this.phaseNow === 'chosen' || this.valueWanted === null) return;
      this.ticksWaited++;
      if (this.ticksWaited >= this.retryAfter) {
        this.startBallot(nextBallotAbove(Math.max(this.ballotNow, this.highestSeen), this.cfg.index, this.cfg.proposerCount));
      }
    });
  }

  step(m: PaxosMessage): void {
    this.assertAddressed(m);
    this.input(() => {
      if (m.type === 'Promise') this.onPromise(m);
      else if (m.type === 'Accepted') this.onAccepted(m);
      else if (m.type === 'Nack') this.onNack(m);
    });
  }

  // ------------------------------------------------------------ phases

  private startBallot(ballot: number): number {
    this.ballotNow = ballot;
    this.phaseNow = 'preparing';
    this.proposalNow = null;
    this.promises.clear();
    this.votes.clear();
    this.resetRetryTimer();
    for (const to of this.cfg.acceptors) this.send({ type: 'Prepare', from: this.id, to, bal: ballot });
    return ballot;
  }

  private onPromise(m: PromiseMessage): void {
    if (this.phaseNow !== 'preparing' || m.bal !== this.ballotNow) return; // late or for an older ballot
    check(m.mbal < m.bal, 'PromiseReportsEarlierVote', this.id, `${m.from} promised ${m.bal} reporting a vote in ballot ${m.mbal}`);
    this.promises.set(m.from, { mbal: m.mbal, mval: m.mval });
    if (this.cfg.sendEagerly) this.maybeSendAccept();
  }

  private maybeSendAccept(): boolean {
    if (this.phaseNow !== 'preparing' || this.promises.size < quorumSize(this.cfg.acceptors.length)) return false;
    const value = this.valueToPropose();
    if (value === null) return false;
    this.proposalNow = value;
    this.phaseNow = 'accepting';
    for (const to of this.cfg.acceptors) this.send({ type: 'Accept', from: this.id, to, bal: this.ballotNow, val: value });
    return true;
  }

  /**
   * Paxos Made Simple, P2c: the value of the highest-numbered vote reported by the quorum,
   * or the proposer's own value if none of them voted.
   */
  private valueToPropose(): string | null {
    let best: { mbal: number; mval: string | null } = { mbal: -1, mval: null };
    for (const p of this.promises.values()) if (p.mbal > best.mbal) best = p;
    return best.mbal >= 0 ? best.mval : this.valueWanted;
  }

  private onAccepted(m: Accepted): void {
    if (this.phaseNow !== 'accepting' || m.bal !== this.ballotNow) return;
    check(m.val === this.proposalNow, 'OneValuePerBallot', this.id, `${m.from} voted ${m.val} in ballot ${m.bal}, proposed ${this.proposalNow}`);
    this.votes.add(m.from);
    if (this.votes.size >= quorumSize(this.cfg.acceptors.length)) this.phaseNow = 'chosen';
  }

  private onNack(m: Nack): void {
    this.highestSeen = Math.max(this.highestSeen, m.promised);
    // Give up on the current ballot only: a Nack for an older one says nothing new about it.
    if (m.bal === this.ballotNow && (this.phaseNow === 'preparing' || this.phaseNow === 'accepting')) this.phaseNow = 'idle';
  }

  private resetRetryTimer(): void {
    this.ticksWaited = 0;
    const base = this.cfg.retryTicks;
    this.retryAfter = base === undefined ? Number.POSITIVE_INFINITY : base + (this.cfg.random?.nextInt(base) ?? 0);
  }

  // ------------------------------------------------------------ PaxosRole

  protected persistentState(): ProposerState {
    return { ballot: this.ballotNow };
  }

  protected snapshot(): ProposerBefore {
    return { ballot: this.ballotNow, proposal: this.proposalNow };
  }

  protected checkInvariants(before: ProposerBefore): void {
    check(this.ballotNow >= before.ballot, 'BallotNeverDecreases', this.id, `${before.ballot} -> ${this.ballotNow}`);
    check(this.ballotNow === -1 || ownsBallot(this.ballotNow, this.cfg.index, this.cfg.proposerCount), 'OwnBallotsOnly', this.id, `ballot ${this.ballotNow}`);
    check(
      this.ballotNow !== before.ballot || before.proposal === null || this.proposalNow === before.proposal,
      'OneValuePerBallot',
      this.id,
      () => `proposal changed from ${before.proposal} to ${this.proposalNow} in ballot ${this.ballotNow}`,
    );
  }
}
