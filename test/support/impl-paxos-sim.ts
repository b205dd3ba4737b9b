import { PaxosAcceptor, type AcceptorState } from '../../src/impl/paxos/acceptor.ts';
import { PaxosLearner } from '../../src/impl/paxos/learner.ts';
import { describePaxosMessage, type PaxosMessage } from '../../src/impl/paxos/messages.ts';
import { PaxosProposer, type ProposerState } from '../../src/impl/paxos/proposer.ts';
import { seededRandom } from '../../src/impl/random.ts';

/**
 * A deterministic in-memory Paxos deployment for tests: proposers p1..pP, acceptors a1..aA,
 * learners l1..lL, one message queue. Commands return the messages they caused, one line
 * each, so tests read like transcripts; a disk per acceptor and proposer keeps what their
 * Ready said to persist, for restarts.
 *
 * Independently of the cores it records every vote that was sent (Accepted messages) and
 * derives from them the set of chosen values (a majority of acceptors voting for one value
 * in one ballot), which Paxos says has at most one element.
 */
export interface PaxosSimOptions {
  readonly proposers: number;
  readonly acceptors: number;
  readonly learners: number;
  readonly seed: number;
  readonly retryTicks?: number;
}

export class PaxosSim {
  readonly proposers = new Map<string, PaxosProposer>();
  readonly acceptors = new Map<string, PaxosAcceptor>();
  readonly learners = new Map<string, PaxosLearner>();
  readonly acceptorDisks = new Map<string, AcceptorState>();
  readonly proposerDisks = new Map<string, ProposerState>();
  /** What each learner's Ready reported as learned, in order. */
  readonly learnedReports = new Map<string, string[]>();
  queue: PaxosMessage[] = [];
  /** ballot -> acceptor -> value, from every Accepted message ever sent. */
  private readonly votesSent = new Map<number, Map<string, string>>();
  private readonly rng;
  readonly acceptorIds: string[];
  readonly learnerIds: string[];
  readonly proposerIds: string[];

  constructor(private readonly opts: PaxosSimOptions) {
    this.rng = seededRandom(opts.seed);
    this.acceptorIds = range(opts.acceptors).map((i) => `a${i + 1}`);
    this.learnerIds = range(opts.learners).map((i) => `l${i + 1}`);
    this.proposerIds = range(opts.proposers).map((i) => `p${i + 1}`);
    for (const id of this.acceptorIds) this.acceptors.set(id, new PaxosAcceptor({ id, learners: this.learnerIds }));
    for (const id of this.learnerIds) {
      this.learners.set(id, new PaxosLearner({ id, acceptors: this.acceptorIds }));
      this.learnedReports.set(id, []);
    }
    this.proposerIds.forEach((id) => this.proposers.set(id, this.makeProposer(id, undefined)));
  }

  propose(id: string, value: string): string[] {
    const p = this.proposers.get(id)!;
    p.propose(value);
    return this.handleReady(id);
  }

  tick(id: string): string[] {
    this.proposers.get(id)!.tick();
    return this.handleReady(id);
  }

  /** Delivers the first queued message whose description starts with `prefix`. */
  deliver(prefix: string): string[] {
    const i = this.queue.findIndex((m) => describePaxosMessage(m).startsWith(prefix));
    if (i < 0) throw new Error(`no queued message starts with '${prefix}'; queue:\n${this.queue.map(describePaxosMessage).join('\n')}`);
    return this.deliverAt(i);
  }

  deliverAll(maxMessages = 10_000): string[] {
    const out: string[] = [];
    for (let k = 0; this.queue.length > 0; k++) {
      if (k >= maxMessages) throw new Error(`deliverAll: still ${this.queue.length} messages after ${maxMessages}`);
      out.push(...this.deliverAt(0));
    }
    return out;
  }

  drop(prefix: string): number {
    const before = this.queue.length;
    this.queue = this.queue.filter((m) => !describePaxosMessage(m).startsWith(prefix));
    return before - this.queue.length;
  }

  /** The acceptor starts again from its disk. */
  restartAcceptor(id: string): void {
    this.acceptors.set(id, new PaxosAcceptor({ id, learners: this.learnerIds, persisted: this.acceptorDisks.get(id) }));
  }

  /** The proposer starts again from its disk: it remembers its ballot, not its value. */
  restartProposer(id: string): void {
    this.proposers.set(id, this.makeProposer(id, this.proposerDisks.get(id)));
  }

  /** The values chosen so far, from the votes sent: Paxos's safety says at most one. */
  chosenValues(): string[] {
    const chosen = new Set<string>();
    const majority = Math.floor(this.acceptorIds.length / 2) + 1;
    for (const byAcceptor of this.votesSent.values()) {
      const counts = new Map<string, number>();
      for (const v of byAcceptor.values()) counts.set(v, (counts.get(v) ?? 0) + 1);
      for (const [v, c] of counts) if (c >= majority) chosen.add(v);
    }
    return [...chosen].sort();
  }

  randomInt(n: number): number {
    return this.rng.nextInt(n);
  }

  deliverRandom(): string[] {
    return this.queue.length === 0 ? [] : this.deliverAt(this.rng.nextInt(this.queue.length));
  }

  dropRandom(): void {
    if (this.queue.length > 0) this.queue.splice(this.rng.nextInt(this.queue.length), 1);
  }

  duplicateRandom(): void {
    if (this.queue.length > 0) this.queue.push(this.queue[this.rng.nextInt(this.queue.length)]!);
  }

  private makeProposer(id: string, persisted: ProposerState | undefined): PaxosProposer {
    const index = this.proposerIds.indexOf(id);
    return new PaxosProposer({
      id,
      acceptors: this.acceptorIds,
      index,
      proposerCount: this.opts.proposers,
      retryTicks: this.opts.retryTicks,
      random: seededRandom(this.opts.seed * 7919 + index),
      persisted,
    });
  }

  private deliverAt(i: number): string[] {
    const [m] = this.queue.splice(i, 1);
    const to = m!.to;
    const role = this.acceptors.get(to) ?? this.learners.get(to) ?? this.proposers.get(to);
    if (role === undefined) throw new Error(`no role ${to}`);
    role.step(m!);
    return this.handleReady(to);
  }

  private handleReady(id: string): string[] {
    const sent: string[] = [];
    const acceptor = this.acceptors.get(id);
    const learner = this.learners.get(id);
    const proposer = this.proposers.get(id);
    const role = acceptor ?? learner ?? proposer!;
    while (role.hasReady()) {
      if (learner !== undefined) {
        const rd = learner.ready();
        if (rd.learned !== null) this.learnedReports.get(id)!.push(rd.learned);
        this.send(rd.messages, sent);
      } else if (acceptor !== undefined) {
        const rd = acceptor.ready();
        if (rd.persist !== null) this.acceptorDisks.set(id, rd.persist);
        this.send(rd.messages, sent);
      } else {
        const rd = proposer!.ready();
        if (rd.persist !== null) this.proposerDisks.set(id, rd.persist);
        this.send(rd.messages, sent);
      }
      role.advance();
    }
    return sent;
  }

  private send(messages: readonly PaxosMessage[], sent: string[]): void {
    for (const m of messages) {
      if (m.type === 'Accepted') {
        let byAcceptor = this.votesSent.get(m.bal);
        if (byAcceptor === undefined) this.votesSent.set(m.bal, (byAcceptor = new Map()));
        byAcceptor.set(m.from, m.val);
      }
      this.queue.push(m);
      sent.push(describePaxosMessage(m));
    }
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
