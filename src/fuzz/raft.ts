import { raftAbstraction } from '../impl/raft/abstraction.ts';
import { RaftNode } from '../impl/raft/core.ts';
import type { RaftMessage } from '../impl/raft/messages.ts';
import { MemoryStorage } from '../impl/raft/storage.ts';
import { seededRandom } from '../impl/random.ts';
import { LEADER_APPEND_ONLY, leaderAppendOnlyHolds, RAFT_INVARIANTS, type RaftPredicate } from '../../spec/raft/properties.ts';
import type { RaftView } from '../../spec/raft/view.ts';
import type { ObservedState, RaftLogLine } from './log.ts';

/**
 * A deterministic simulated Raft cluster for fuzzing the implementation core, in the spirit
 * of TigerBeetle's VOPR: every choice (which node ticks, which message is delivered, dropped
 * or duplicated, when the network splits, who crashes) comes from one seeded generator, so a
 * run is a function of its seed. After every step the spec's invariants (spec/raft) are
 * checked over the cores' abstraction, and the step is recorded as an NDJSON log line.
 */

export interface FuzzOptions {
  readonly seed: number;
  readonly steps: number;
  /** Servers s1..sN; default 3. */
  readonly servers?: number;
  /** Stop proposing once every log holds this many entries; default 6. Keeps logs, and logs of runs, small. */
  readonly maxLogLength?: number;
  /** Messages in flight beyond this are dropped, oldest first; default 12. */
  readonly maxInFlight?: number;
  /** The properties checked after every step; default the spec's invariants (spec/raft). */
  readonly invariants?: readonly RaftPredicate[];
}

export interface FuzzResult {
  readonly seed: number;
  readonly steps: number;
  readonly log: readonly RaftLogLine[];
  /** The first invariant broken (spec or a core's own), with its step; absent when none was. */
  readonly violation?: { readonly step: number; readonly property: string; readonly detail: string };
  /** Whether some server became leader, and how many entries were committed at most: a run that never elects is not a test. */
  readonly leadersElected: number;
  readonly maxCommitIndex: number;
}

/** Relative weights of the kinds of steps. */
const WEIGHTS = { tick: 30, receive: 50, propose: 6, drop: 3, duplicate: 3, restart: 1, partition: 1, heal: 2 } as const;
type Kind = keyof typeof WEIGHTS;

/**
 * Runs `steps` steps of a cluster from `seed`.
 *
 * Example: `fuzzRaft({ seed: 7, steps: 1000 }).violation === undefined`.
 */
export function fuzzRaft(options: FuzzOptions): FuzzResult {
  const rng = seededRandom(options.seed);
  const ids = Array.from({ length: options.servers ?? 3 }, (_, i) => `s${i + 1}`);
  const maxLogLength = options.maxLogLength ?? 6;
  const maxInFlight = options.maxInFlight ?? 12;
  const disks = new Map(ids.map((id) => [id, new MemoryStorage()]));
  // Each core draws its election timeouts from its own stream, seeded from the run's seed.
  const fresh = (id: string, incarnation: number) =>
    new RaftNode({ id, peers: ids, random: seededRandom((options.seed * 7919 + ids.indexOf(id) * 104729 + incarnation * 15485863) >>> 0), electionTicks: 10, heartbeatTicks: 3, maxEntriesPerMessage: 1, persisted: disks.get(id)!.state() });
  const incarnations = new Map(ids.map((id) => [id, 0]));
  const nodes = new Map(ids.map((id) => [id, fresh(id, 0)]));
  let inFlight: RaftMessage[] = [];
  let groups: string[][] | null = null;
  const log: RaftLogLine[] = [];
  let proposals = 0;
  let leadersElected = 0;
  let maxCommitIndex = 0;
  const leaderTerms = new Set<string>();

  const canTalk = (a: string, b: string) => groups === null || groups.some((g) => g.includes(a) && g.includes(b));
  const pick = <T>(items: readonly T[]): T => items[rng.nextInt(items.length)];
  const observe = (id: string): ObservedState => {
    const n = nodes.get(id)!;
    return { role: n.role, term: n.currentTerm, votedFor: n.votedFor, logLength: n.lastLogIndex, commitIndex: n.commitIndex };
  };
  /** Persist, send, advance; returns what was sent. */
  const drain = (id: string): RaftMessage[] => {
    const n = nodes.get(id)!;
    if (!n.hasReady()) return [];
    const rd = n.ready();
    disks.get(id)!.save(rd);
    inFlight.push(...rd.messages);
    n.advance();
    return [...rd.messages];
  };
  const view = (): RaftView => ({ servers: ids.map((id) => ({ ...raftAbstraction(nodes.get(id)!), up: true })) });
  let previous = view();

  for (let step = 1; step <= options.steps; step++) {
    const deliverable = inFlight.map((m, i) => ({ m, i })).filter(({ m }) => canTalk(m.from, m.to));
    const kinds = (Object.keys(WEIGHTS) as Kind[]).filter((k) => {
      if (k === 'receive') return deliverable.length > 0;
      if (k === 'drop' || k === 'duplicate') return inFlight.length > 0;
      if (k === 'heal') return groups !== null;
      if (k === 'partition') return groups === null;
      return true;
    });
    let total = 0;
    for (const k of kinds) total += WEIGHTS[k];
    let roll = rng.nextInt(total);
    const kind = kinds.find((k) => (roll -= WEIGHTS[k]) < 0)!;
    let line: RaftLogLine;
    try {
      line = runStep(kind, step);
    } catch (err) {
      const e = err as Error & { invariant?: string };
      return { seed: options.seed, steps: step, log, violation: { step, property: e.invariant ?? e.name, detail: e.message }, leadersElected, maxCommitIndex };
    }
    log.push(line);
    // Bounded queues: a network that holds too much loses its oldest messages, logged as drops.
    while (inFlight.length > maxInFlight) {
      const [oldest] = inFlight.splice(0, 1);
      log.push({ step, event: 'drop', msg: oldest });
    }
    const v = view();
    for (const s of v.servers) {
      if (s.role === 'leader' && !leaderTerms.has(`${s.id}@${s.currentTerm}`)) {
        leaderTerms.add(`${s.id}@${s.currentTerm}`);
        leadersElected++;
      }
      maxCommitIndex = Math.max(maxCommitIndex, s.commitIndex);
    }
    const broken = (options.invariants ?? RAFT_INVARIANTS).find((p) => !p.holds(v));
    if (broken) return { seed: options.seed, steps: step, log, violation: { step, property: broken.name, detail: JSON.stringify(v.servers) }, leadersElected, maxCommitIndex };
    // The one property of steps: a leader only appends to its log (a restart ends its leadership).
    if (options.invariants === undefined && !leaderAppendOnlyHolds(previous, v)) {
      return { seed: options.seed, steps: step, log, violation: { step, property: LEADER_APPEND_ONLY.name, detail: JSON.stringify(v.servers) }, leadersElected, maxCommitIndex };
    }
    previous = v;
  }
  return { seed: options.seed, steps: options.steps, log, leadersElected, maxCommitIndex };

  function runStep(kind: Kind, step: number): RaftLogLine {
    switch (kind) {
      case 'tick': {
        const id = pick(ids);
        nodes.get(id)!.tick();
        return { step, node: id, event: 'tick', sent: drain(id), state: observe(id) };
      }
      case 'receive': {
        const deliverable = inFlight.map((m, i) => ({ m, i })).filter(({ m }) => canTalk(m.from, m.to));
        const { m, i } = pick(deliverable);
        inFlight.splice(i, 1);
        nodes.get(m.to)!.step(m);
        return { step, node: m.to, event: 'receive', msg: m, sent: drain(m.to), state: observe(m.to) };
      }
      case 'propose': {
        const leaders = ids.filter((id) => nodes.get(id)!.role === 'leader' && nodes.get(id)!.lastLogIndex < maxLogLength);
        // Usually the leader, sometimes anyone: a follower must refuse.
        const id = leaders.length > 0 && rng.nextInt(4) > 0 ? pick(leaders) : pick(ids);
        if (nodes.get(id)!.lastLogIndex >= maxLogLength) return { step, node: id, event: 'propose', value: 'none', accepted: false, sent: [], state: observe(id) };
        const value = `v${(proposals++ % 3) + 1}`;
        const accepted = nodes.get(id)!.propose(value) !== null;
        return { step, node: id, event: 'propose', value, accepted, sent: drain(id), state: observe(id) };
      }
      case 'drop': {
        const [m] = inFlight.splice(rng.nextInt(inFlight.length), 1);
        return { step, event: 'drop', msg: m };
      }
      case 'duplicate': {
        const m = pick(inFlight);
        inFlight.push(m);
        return { step, event: 'duplicate', msg: m };
      }
      case 'restart': {
        const id = pick(ids);
        const incarnation = incarnations.get(id)! + 1;
        incarnations.set(id, incarnation);
        nodes.set(id, fresh(id, incarnation));
        return { step, node: id, event: 'restart', state: observe(id) };
      }
      case 'partition': {
        // One node, or a minority, cut off from the rest.
        const cut = pick(ids);
        groups = [[cut], ids.filter((id) => id !== cut)];
        return { step, event: 'partition', groups };
      }
      case 'heal':
        groups = null;
        return { step, event: 'heal' };
    }
  }
}
