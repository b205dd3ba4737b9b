import { check, CoreUsageError, quorumSize } from '../invariant.ts';
import { resolveRaftConfig, type RaftConfig, type ResolvedRaftConfig } from './config.ts';
import { isAtLeastAsUpToDate, RaftLog } from './log.ts';
import type { AppendEntries, AppendEntriesResult, Entry, IndexedEntry, RaftMessage, RequestVote, RequestVoteResult } from './messages.ts';
import type { HardState, Ready } from './ready.ts';

export type RaftRole = 'follower' | 'candidate' | 'leader';

/** What the invariant checks compare against: the state before an input. */
interface Before {
  readonly currentTerm: number;
  readonly votedFor: string | null;
  readonly commitIndex: number;
}

/**
 * One Raft server as a deterministic state machine (the rules of Figure 2 of the Raft
 * paper), with no clock, socket or disk inside. Time arrives as `tick()`, the network as
 * `step(message)`, clients as `propose(value)`; what must be persisted, sent and applied
 * comes out of `ready()`, and `advance()` says it was done. Between `ready()` and
 * `advance()` the core takes no input.
 *
 * After every input the core checks its own invariants and throws an InvariantViolation
 * naming the one that broke.
 *
 * Example:
 * ```ts
 * const n1 = new RaftNode({ id: 'n1', peers: ['n1', 'n2', 'n3'], random: seededRandom(1) });
 * n1.campaign();
 * const rd = n1.ready(); // hardState {currentTerm: 1, votedFor: 'n1'}, two RequestVote
 * disk.save(rd); rd.messages.forEach(send); n1.advance();
 * ```
 */
export class RaftNode {
  private readonly cfg: ResolvedRaftConfig;
  private readonly log: RaftLog;

  // Persistent state (Figure 2), mirrored to storage through Ready.
  private term: number;
  private vote: string | null;

  // Volatile state on all servers.
  private commit = 0;
  private applied = 0;
  private state: RaftRole = 'follower';
  private leader: string | null = null;

  // Volatile state on candidates and leaders.
  private votesGranted = new Set<string>();
  private readonly next = new Map<string, number>();
  private readonly match = new Map<string, number>();

  // Timers, counted in ticks.
  private electionElapsed = 0;
  private heartbeatElapsed = 0;
  private electionTimeout = 0;

  // Output not yet handed over (or handed over and not yet advanced).
  private outbox: RaftMessage[] = [];
  private stableHardState: HardState;
  /** The lowest log index not yet persisted. */
  private unstableFrom: number;
  private pendingTruncateFrom: number | null = null;
  /** The index up to which committed entries were handed out by the outstanding Ready. */
  private outstanding: { applyTo: number; hardState: HardState | null } | null = null;

  constructor(config: RaftConfig) {
    this.cfg = resolveRaftConfig(config);
    const p = config.persisted;
    this.log = new RaftLog(p?.log ?? []);
    this.term = p?.currentTerm ?? 0;
    this.vote = p?.votedFor ?? null;
    this.stableHardState = { currentTerm: this.term, votedFor: this.vote };
    this.unstableFrom = this.log.lastIndex + 1;
    this.resetElectionTimer();
    this.checkInvariants({ currentTerm: this.term, votedFor: this.vote, commitIndex: 0 });
  }

  // ---------------------------------------------------------------- read-only state

  get id(): string {
    return this.cfg.id;
  }
  get role(): RaftRole {
    return this.state;
  }
  get currentTerm(): number {
    return this.term;
  }
  get votedFor(): string | null {
    return this.vote;
  }
  get commitIndex(): number {
    return this.commit;
  }
  /** The highest index handed out for applying and acknowledged with `advance()`. */
  get lastApplied(): number {
    return this.applied;
  }
  /** The leader of the current term as far as this server knows. */
  get leaderId(): string | null {
    return this.leader;
  }
  get lastLogIndex(): number {
    return this.log.lastIndex;
  }
  /** The ticks a follower or candidate waits before campaigning, drawn at the last timer reset. */
  get randomizedElectionTimeout(): number {
    return this.electionTimeout;
  }
  /** A copy of the log; entries()[0] is index 1. */
  entries(): Entry[] {
    return this.log.toArray();
  }
  /** A leader's nextIndex and matchIndex for each other server (empty maps otherwise). */
  progress(): { nextIndex: Record<string, number>; matchIndex: Record<string, number> } {
    return { nextIndex: Object.fromEntries(this.next), matchIndex: Object.fromEntries(this.match) };
  }

  // ---------------------------------------------------------------- inputs

  /** One unit of time: a leader's heartbeat clock or a follower's election clock moves on. */
  tick(): void {
    this.input(() => {
      if (this.state === 'leader') {
        this.heartbeatElapsed++;
        if (this.heartbeatElapsed >= this.cfg.heartbeatTicks) {
          this.heartbeatElapsed = 0;
          this.broadcastAppend();
        }
        return;
      }
      this.electionElapsed++;
      if (this.electionElapsed >= this.electionTimeout) this.startElection();
    });
  }

  /**
   * A client asks the leader to replicate `value`. Returns the index and term the entry got,
   * or null when this server is not the leader (the client must try elsewhere).
   */
  propose(value: string): { index: number; term: number } | null {
    return this.input(() => {
      if (this.state !== 'leader') return null;
      const index = this.log.append({ term: this.term, value });
      if (this.cfg.commitEagerly) this.maybeAdvanceCommit();
      if (this.cfg.sendEagerly) this.broadcastAppend();
      return { index, term: this.term };
    });
  }

  /** A message from the network. Stale and unexpected messages are ignored or answered, never fatal. */
  step(m: RaftMessage): void {
    if (m.to !== this.cfg.id) throw new CoreUsageError(`${this.cfg.id}: got a message addressed to ${m.to}`);
    if (!this.cfg.others.includes(m.from)) throw new CoreUsageError(`${this.cfg.id}: got a message from unknown server ${m.from}`);
    this.input(() => {
      // Figure 2, all servers: a higher term in any message makes us a follower of that term.
      if (m.term > this.term) this.becomeFollower(m.term, m.type === 'AppendEntries' ? m.from : null);
      switch (m.type) {
        case 'RequestVote':
          return this.handleRequestVote(m);
        case 'RequestVoteResult':
          return this.handleRequestVoteResult(m);
        case 'AppendEntries':
          return this.handleAppendEntries(m);
        case 'AppendEntriesResult':
          return this.handleAppendEntriesResult(m);
      }
    });
  }

  /** Start an election now, as an election timeout would. A leader cannot campaign. */
  campaign(): void {
    if (this.state === 'leader') throw new CoreUsageError(`${this.cfg.id}: a leader does not campaign`);
    this.input(() => this.startElection());
  }

  /** A leader sends one AppendEntries to `to`, from its nextIndex for `to` (a heartbeat if there is nothing new). */
  sendAppend(to: string): void {
    if (this.state !== 'leader') throw new CoreUsageError(`${this.cfg.id}: only a leader sends AppendEntries`);
    if (!this.cfg.others.includes(to)) throw new CoreUsageError(`${this.cfg.id}: unknown server ${to}`);
    this.input(() => this.appendTo(to));
  }

  /** A leader applies the commit rule now. Returns whether its commit index moved (always false off a leader). */
  advanceCommit(): boolean {
    return this.input(() => this.maybeAdvanceCommit());
  }

  // ---------------------------------------------------------------- output

  /** True when `ready()` would carry some work. */
  hasReady(): boolean {
    return (
      this.outbox.length > 0 ||
      this.pendingTruncateFrom !== null ||
      this.unstableFrom <= this.log.lastIndex ||
      this.applied < this.commit ||
      this.term !== this.stableHardState.currentTerm ||
      this.vote !== this.stableHardState.votedFor
    );
  }

  /**
   * The work to do now: persist, then send, then apply (see Ready). Call `advance()` once it
   * is done; until then the core takes no input.
   */
  ready(): Ready {
    const hardChanged = this.term !== this.stableHardState.currentTerm || this.vote !== this.stableHardState.votedFor;
    const hardState = hardChanged ? { currentTerm: this.term, votedFor: this.vote } : null;
    const entries: IndexedEntry[] = this.log.slice(this.unstableFrom).map((e, i) => ({ index: this.unstableFrom + i, term: e.term, value: e.value }));
    const committedEntries: IndexedEntry[] = this.log.slice(this.applied + 1, this.commit).map((e, i) => ({ index: this.applied + 1 + i, term: e.term, value: e.value }));
    this.outstanding = { applyTo: this.commit, hardState };
    return { hardState, truncateFrom: this.pendingTruncateFrom, entries, messages: [...this.outbox], committedEntries };
  }

  /** The last Ready was handled: its state is stable, its messages sent, its entries applied. */
  advance(): void {
    const o = this.outstanding;
    if (o === null) throw new CoreUsageError(`${this.cfg.id}: advance() without a ready()`);
    if (o.hardState !== null) this.stableHardState = o.hardState;
    this.unstableFrom = this.log.lastIndex + 1;
    this.pendingTruncateFrom = null;
    this.outbox = [];
    check(o.applyTo >= this.applied, 'AppliedNeverDecreases', this.cfg.id, `${this.applied} -> ${o.applyTo}`);
    this.applied = o.applyTo;
    this.outstanding = null;
    check(this.applied <= this.commit, 'AppliedNotAboveCommitted', this.cfg.id, `lastApplied ${this.applied} > commitIndex ${this.commit}`);
  }

  // ---------------------------------------------------------------- roles

  private becomeFollower(term: number, leader: string | null): void {
    if (term > this.term) {
      this.term = term;
      this.vote = null;
    }
    this.state = 'follower';
    this.leader = leader;
    this.votesGranted = new Set();
    this.next.clear();
    this.match.clear();
    this.resetElectionTimer();
  }

  /** Figure 2, candidates: on conversion, increment currentTerm, vote for self, reset the timer, send RequestVote to all. */
  private startElection(): void {
    this.term++;
    this.state = 'candidate';
    this.vote = this.cfg.id;
    this.leader = null;
    this.votesGranted = new Set([this.cfg.id]);
    this.resetElectionTimer();
    if (this.hasQuorum(this.votesGranted.size)) {
      this.becomeLeader();
      return;
    }
    for (const to of this.cfg.others) {
      this.send<RequestVote>({ type: 'RequestVote', from: this.cfg.id, to, term: this.term, candidateId: this.cfg.id, lastLogIndex: this.log.lastIndex, lastLogTerm: this.log.lastTerm });
    }
  }

  /** Figure 2, leaders: reinitialise nextIndex and matchIndex; send initial empty AppendEntries. */
  private becomeLeader(): void {
    this.state = 'leader';
    this.leader = this.cfg.id;
    this.heartbeatElapsed = 0;
    for (const p of this.cfg.others) {
      this.next.set(p, this.log.lastIndex + 1);
      this.match.set(p, 0);
    }
    if (this.cfg.sendEagerly) this.broadcastAppend();
  }

  // ---------------------------------------------------------------- RPC handlers

  private handleRequestVote(m: RequestVote): void {
    let granted = false;
    if (m.term === this.term) {
      const free = this.vote === null || this.vote === m.candidateId;
      const upToDate = isAtLeastAsUpToDate({ lastTerm: m.lastLogTerm, lastIndex: m.lastLogIndex }, { lastTerm: this.log.lastTerm, lastIndex: this.log.lastIndex });
      granted = free && upToDate;
    }
    if (granted) {
      this.vote = m.candidateId;
      // Granting a vote resets the election timer (Figure 2, followers).
      this.resetElectionTimer();
    }
    this.send<RequestVoteResult>({ type: 'RequestVoteResult', from: this.cfg.id, to: m.from, term: this.term, voteGranted: granted });
  }

  private handleRequestVoteResult(m: RequestVoteResult): void {
    if (this.state !== 'candidate' || m.term !== this.term || !m.voteGranted) return;
    this.votesGranted.add(m.from);
    if (this.hasQuorum(this.votesGranted.size)) this.becomeLeader();
  }

  private handleAppendEntries(m: AppendEntries): void {
    if (m.term < this.term) {
      // Reply false so that a stale leader learns the newer term and steps down.
      this.replyAppend(m, false, 0);
      return;
    }
    check(this.state !== 'leader', 'ElectionSafety', this.cfg.id, `leader of term ${this.term} got AppendEntries from ${m.from} for the same term`);
    // A candidate that hears from the leader of its own term goes back to being a follower.
    if (this.state === 'candidate') this.becomeFollower(this.term, m.from);
    this.leader = m.from;
    this.resetElectionTimer();
    if (!this.log.matches(m.prevLogIndex, m.prevLogTerm)) {
      this.replyAppend(m, false, 0);
      return;
    }
    m.entries.forEach((e, i) => {
      const index = m.prevLogIndex + 1 + i;
      if (index <= this.log.lastIndex) {
        // Only a conflict (same index, different terms) deletes entries: a stale, shorter
        // AppendEntries must never cut entries that a newer one already appended.
        if (this.log.termAt(index) === e.term) return;
        this.truncateFrom(index);
      }
      this.log.append(e);
    });
    const lastNewIndex = m.prevLogIndex + m.entries.length;
    if (m.leaderCommit > this.commit) {
      // Figure 2 says commitIndex = min(leaderCommit, index of last new entry); a stale
      // request can make that smaller than what we already know, and commitIndex never moves back.
      this.commit = Math.max(this.commit, Math.min(m.leaderCommit, lastNewIndex));
    }
    this.replyAppend(m, true, lastNewIndex);
  }

  private handleAppendEntriesResult(m: AppendEntriesResult): void {
    if (this.state !== 'leader' || m.term !== this.term) return;
    const next = this.next.get(m.from)!;
    const match = this.match.get(m.from)!;
    if (m.success) {
      check(m.matchIndex <= this.log.lastIndex, 'MatchIndexWithinLeaderLog', this.cfg.id, `${m.from} reports matchIndex ${m.matchIndex} past the leader's last index ${this.log.lastIndex}`);
      if (m.matchIndex > match) this.match.set(m.from, m.matchIndex);
      this.next.set(m.from, Math.max(next, this.match.get(m.from)! + 1));
      if (this.cfg.commitEagerly) this.maybeAdvanceCommit();
      if (this.cfg.sendEagerly && this.next.get(m.from)! <= this.log.lastIndex) this.appendTo(m.from);
      return;
    }
    // Decrement nextIndex and retry, but only for the probe we last sent: a duplicated or
    // late rejection of an older probe says nothing about where the logs now diverge.
    if (m.prevLogIndex !== next - 1) return;
    this.next.set(m.from, Math.max(match + 1, next - 1));
    if (this.cfg.sendEagerly) this.appendTo(m.from);
  }

  // ---------------------------------------------------------------- leader mechanics

  private broadcastAppend(): void {
    for (const to of this.cfg.others) this.appendTo(to);
  }

  private appendTo(to: string): void {
    const prevLogIndex = this.next.get(to)! - 1;
    const last = Math.min(this.log.lastIndex, prevLogIndex + this.cfg.maxEntriesPerMessage);
    this.send<AppendEntries>({
      type: 'AppendEntries',
      from: this.cfg.id,
      to,
      term: this.term,
      leaderId: this.cfg.id,
      prevLogIndex,
      prevLogTerm: this.log.termAt(prevLogIndex),
      entries: this.log.slice(prevLogIndex + 1, last),
      leaderCommit: this.commit,
    });
  }

  /**
   * Figure 2, leaders: the largest N > commitIndex with a majority of matchIndex >= N and
   * log[N].term == currentTerm becomes the commit index. Entries of earlier terms are never
   * committed by counting replicas (section 5.4.2, Figure 8); they commit with a later one.
   */
  private maybeAdvanceCommit(): boolean {
    if (this.state !== 'leader') return false;
    for (let n = this.log.lastIndex; n > this.commit; n--) {
      // Terms never decrease along a log, so below the first older entry none is current.
      if (this.log.termAt(n) !== this.term) break;
      let replicas = 1; // the leader itself
      for (const p of this.cfg.others) if (this.match.get(p)! >= n) replicas++;
      if (this.hasQuorum(replicas)) {
        this.commit = n;
        if (this.cfg.sendEagerly) this.broadcastAppend();
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- helpers

  private truncateFrom(index: number): void {
    check(this.state !== 'leader', 'LeaderAppendOnly', this.cfg.id, `leader would truncate its log from index ${index}`);
    check(index > this.commit, 'CommittedEntryNeverTruncated', this.cfg.id, `truncating from index ${index} with commitIndex ${this.commit}`);
    this.log.truncateFrom(index);
    this.unstableFrom = Math.min(this.unstableFrom, index);
    this.pendingTruncateFrom = Math.min(this.pendingTruncateFrom ?? index, index);
  }

  private replyAppend(m: AppendEntries, success: boolean, matchIndex: number): void {
    this.send<AppendEntriesResult>({ type: 'AppendEntriesResult', from: this.cfg.id, to: m.from, term: this.term, success, matchIndex, prevLogIndex: m.prevLogIndex });
  }

  private send<M extends RaftMessage>(m: M): void {
    this.outbox.push(m);
  }

  private hasQuorum(count: number): boolean {
    return count >= quorumSize(this.cfg.others.length + 1);
  }

  private resetElectionTimer(): void {
    this.electionElapsed = 0;
    this.electionTimeout = this.cfg.electionTicks + this.cfg.random.nextInt(this.cfg.electionTicks);
  }

  /** Runs one input and checks the invariants that relate the state before to the state after. */
  private input<T>(body: () => T): T {
    if (this.outstanding !== null) throw new CoreUsageError(`${this.cfg.id}: input between ready() and advance()`);
    const before: Before = { currentTerm: this.term, votedFor: this.vote, commitIndex: this.commit };
    const result = body();
    this.checkInvariants(before);
    return result;
  }

  private checkInvariants(before: Before): void {
    const id = this.cfg.id;
    check(this.term >= before.currentTerm, 'TermNeverDecreases', id, `${before.currentTerm} -> ${this.term}`);
    check(
      this.term !== before.currentTerm || before.votedFor === null || this.vote === before.votedFor,
      'OneVotePerTerm',
      id,
      () => `votedFor changed from ${before.votedFor} to ${this.vote} in term ${this.term}`,
    );
    check(this.commit >= before.commitIndex, 'CommitIndexNeverDecreases', id, `${before.commitIndex} -> ${this.commit}`);
    check(this.commit <= this.log.lastIndex, 'CommitIndexWithinLog', id, `commitIndex ${this.commit} > last index ${this.log.lastIndex}`);
    check(this.applied <= this.commit, 'AppliedNotAboveCommitted', id, `lastApplied ${this.applied} > commitIndex ${this.commit}`);
    check(this.state !== 'leader' || this.vote === id, 'LeaderVotedForItself', id, `leader of term ${this.term} voted for ${this.vote}`);
    let prevTerm = 0;
    for (let i = 1; i <= this.log.lastIndex; i++) {
      const t = this.log.termAt(i);
      check(t >= prevTerm, 'LogTermsNeverDecrease', id, () => `index ${i} has term ${t} after term ${prevTerm}`);
      prevTerm = t;
    }
    check(prevTerm <= this.term, 'LogTermsAtMostCurrentTerm', id, () => `last entry term ${prevTerm} > currentTerm ${this.term}`);
    if (this.state === 'leader') {
      for (const p of this.cfg.others) {
        const n = this.next.get(p)!;
        const mi = this.match.get(p)!;
        check(mi < n && n <= this.log.lastIndex + 1, 'NextIndexWithinBounds', id, `${p}: matchIndex ${mi}, nextIndex ${n}, last index ${this.log.lastIndex}`);
      }
    }
  }
}
