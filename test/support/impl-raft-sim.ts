import { RaftNode } from '../../src/impl/raft/core.ts';
import { describeMessage, type IndexedEntry, type RaftMessage } from '../../src/impl/raft/messages.ts';
import { MemoryStorage } from '../../src/impl/raft/storage.ts';
import type { Ready } from '../../src/impl/raft/ready.ts';
import { seededRandom } from '../../src/impl/random.ts';

/**
 * A deterministic in-memory cluster of Raft cores for tests: each server has a core, a disk
 * (MemoryStorage) and a state machine (the list of entries it applied); messages wait in one
 * queue until a test delivers, drops or duplicates them. Every command handles the Ready
 * batches it causes and returns the messages sent, as one line each, so a test reads like a
 * transcript:
 *
 * ```ts
 * sim.campaign('n1');   // ['n1->n2 RequestVote term=1 lastLogIndex=0 lastLogTerm=0', ...]
 * sim.deliver('n1->n2'); // ['n2->n1 RequestVoteResult term=1 voteGranted=true']
 * ```
 *
 * Across all servers and restarts it also checks, independently of the cores, that no two
 * servers ever apply different entries at the same index.
 */
export interface SimOptions {
  readonly ids: readonly string[];
  /** Seeds the cores' election timeouts (one generator per server) and the harness's own choices. */
  readonly seed: number;
  readonly electionTicks?: number;
  readonly heartbeatTicks?: number;
  readonly maxEntriesPerMessage?: number;
  readonly sendEagerly?: boolean;
}

export class RaftSim {
  readonly nodes = new Map<string, RaftNode>();
  readonly disks = new Map<string, MemoryStorage>();
  /** What each server's state machine applied, in order, since its last restart. */
  readonly applied = new Map<string, IndexedEntry[]>();
  readonly down = new Set<string>();
  queue: RaftMessage[] = [];
  /** Every Ready handled, per server, for tests that look at persistence. */
  readonly readies = new Map<string, Ready[]>();
  /** The first value applied at each index by any server: the reference for StateMachineSafety. */
  private readonly appliedAt = new Map<number, string>();
  private readonly rng;
  private restarts = 0;

  constructor(private readonly opts: SimOptions) {
    this.rng = seededRandom(opts.seed);
    for (const id of opts.ids) {
      this.disks.set(id, new MemoryStorage());
      this.nodes.set(id, this.makeNode(id, undefined));
      this.applied.set(id, []);
      this.readies.set(id, []);
    }
  }

  node(id: string): RaftNode {
    const n = this.nodes.get(id);
    if (n === undefined) throw new Error(`no server ${id}`);
    return n;
  }

  /** The queue, one line per message. */
  pending(): string[] {
    return this.queue.map(describeMessage);
  }

  // ------------------------------------------------------------ commands

  campaign(id: string): string[] {
    return this.run(id, (n) => n.campaign());
  }

  propose(id: string, value: string): string[] {
    return this.run(id, (n) => {
      if (n.propose(value) === null) throw new Error(`${id} is not the leader`);
    });
  }

  tick(id: string): string[] {
    return this.run(id, (n) => n.tick());
  }

  tickAll(): string[] {
    return this.opts.ids.filter((id) => !this.down.has(id)).flatMap((id) => this.tick(id));
  }

  sendAppend(id: string, to: string): string[] {
    return this.run(id, (n) => n.sendAppend(to));
  }

  /**
   * Delivers the first queued message whose description starts with `prefix` (e.g.
   * 'n1->n2' or 'n1->n2 AppendEntries') and returns what the receiver sent in response.
   */
  deliver(prefix: string): string[] {
    const i = this.queue.findIndex((m) => describeMessage(m).startsWith(prefix));
    if (i < 0) throw new Error(`no queued message starts with '${prefix}'; queue:\n${this.pending().join('\n')}`);
    return this.deliverAt(i);
  }

  /** Delivers queued messages first in, first out until none is left; returns everything sent meanwhile. */
  deliverAll(maxMessages = 10_000): string[] {
    const out: string[] = [];
    for (let k = 0; this.queue.length > 0; k++) {
      if (k >= maxMessages) throw new Error(`deliverAll: still ${this.queue.length} messages after ${maxMessages}`);
      out.push(...this.deliverAt(0));
    }
    return out;
  }

  /** Drops every queued message whose description starts with `prefix`; returns how many. */
  drop(prefix: string): number {
    const before = this.queue.length;
    this.queue = this.queue.filter((m) => !describeMessage(m).startsWith(prefix));
    return before - this.queue.length;
  }

  /** The server stops: its volatile state is lost, its disk stays, messages to it are lost. */
  crash(id: string): void {
    this.down.add(id);
  }

  /** The server starts again from its disk, with volatile state reset and an empty state machine. */
  restart(id: string): void {
    this.down.delete(id);
    this.restarts++;
    this.nodes.set(id, this.makeNode(id, this.disks.get(id)!.state()));
    this.applied.set(id, []);
  }

  // ------------------------------------------------------------ random faults for property runs

  /** A seeded integer in [0, n). */
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

  // ------------------------------------------------------------ internals

  private makeNode(id: string, persisted: ReturnType<MemoryStorage['state']> | undefined): RaftNode {
    // Each incarnation gets its own generator, derived from the seed, so runs replay exactly.
    const random = seededRandom(this.opts.seed * 1_000_003 + this.opts.ids.indexOf(id) * 7919 + this.restarts * 104_729);
    return new RaftNode({
      id,
      peers: this.opts.ids,
      random,
      electionTicks: this.opts.electionTicks,
      heartbeatTicks: this.opts.heartbeatTicks,
      maxEntriesPerMessage: this.opts.maxEntriesPerMessage,
      sendEagerly: this.opts.sendEagerly,
      persisted,
    });
  }

  private deliverAt(i: number): string[] {
    const [m] = this.queue.splice(i, 1);
    if (this.down.has(m!.to)) return [];
    return this.run(m!.to, (n) => n.step(m!));
  }

  private run(id: string, input: (n: RaftNode) => void): string[] {
    if (this.down.has(id)) throw new Error(`${id} is down`);
    const n = this.node(id);
    input(n);
    return this.handleReady(id, n);
  }

  /** What a server's runtime does with a Ready: persist, send, apply, advance. */
  private handleReady(id: string, n: RaftNode): string[] {
    const sent: string[] = [];
    while (n.hasReady()) {
      const rd = n.ready();
      this.readies.get(id)!.push(rd);
      this.disks.get(id)!.save(rd);
      for (const m of rd.messages) {
        this.queue.push(m);
        sent.push(describeMessage(m));
      }
      const sm = this.applied.get(id)!;
      for (const e of rd.committedEntries) {
        if (e.index !== sm.length + 1) throw new Error(`${id} applied index ${e.index} after ${sm.length}`);
        const first = this.appliedAt.get(e.index);
        if (first === undefined) this.appliedAt.set(e.index, `${e.term}:${e.value}`);
        else if (first !== `${e.term}:${e.value}`) {
          throw new Error(`StateMachineSafety: ${id} applied ${e.term}:${e.value} at index ${e.index}, another server applied ${first}`);
        }
        sm.push(e);
      }
      n.advance();
    }
    // The disk, built only from Ready batches, must hold exactly the core's persistent state.
    const disk = this.disks.get(id)!.state();
    const core = { currentTerm: n.currentTerm, votedFor: n.votedFor, log: n.entries() };
    if (JSON.stringify(disk) !== JSON.stringify(core)) {
      throw new Error(`${id}: disk ${JSON.stringify(disk)} differs from core ${JSON.stringify(core)}`);
    }
    return sent;
  }
}
