/**
 * A second, independent computation of the Multi-Paxos model's state graph, for the tests.
 * Plain TypeScript: no XState, nothing from src/, models/ or spec/. It encodes the rules as
 * written in spec/multipaxos/README.md and explores breadth first, counting as the checker
 * does: distinct states, and generated = initial states plus every enabled step, including
 * steps back to a state already seen.
 *
 * Example: `exploreMultiPaxos({ leaders: 1, acceptors: 3, learners: 0, slots: 2, maxBallot: 1 })`.
 */

export type MultiPaxosBug = 'none' | 'skip-phase1-on-takeover' | 'no-noop-fill' | 'per-slot-ballot-reset' | 'adopt-empty-slot' | 'learner-minority';

export interface MultiPaxosExplorerConfig {
  readonly leaders: number;
  readonly acceptors: number;
  readonly learners: number;
  readonly slots: number;
  readonly maxBallot: number;
  readonly bug?: MultiPaxosBug;
  readonly stopAtFirstFailure?: boolean;
}

export interface MultiPaxosExplorerResult {
  readonly distinct: number;
  readonly generated: number;
  readonly witnesses: Readonly<Record<string, boolean>>;
  readonly firstFailure: Readonly<Record<string, number>>;
}

type Val = string | null;
interface Leader {
  phase: 'idle' | 'preparing' | 'leading';
  ballot: number;
  promisers: number[];
  /** "slot|bal|val" of every vote reported */
  reported: Map<string, [number, number, Val]>;
  next: number;
}
interface Acceptor {
  promised: number;
  /** slot -> [bal, val] */
  votes: Map<number, [number, Val]>;
}
interface World {
  leaders: Leader[];
  accs: Acceptor[];
  /** per learner: slot -> val */
  learned: Map<number, Val>[];
  msgs: Map<string, unknown[]>;
}

export function exploreMultiPaxos(cfg: MultiPaxosExplorerConfig): MultiPaxosExplorerResult {
  const bug = cfg.bug ?? 'none';
  const majority = Math.floor(cfg.acceptors / 2) + 1;
  const learnerQuorum = bug === 'learner-minority' ? Math.max(1, Math.floor(cfg.acceptors / 2)) : majority;
  const cmd = (b: number, s: number) => `c${b}.${s}`;

  const sortedVotes = (votes: Map<number, [number, Val]>) => [...votes.entries()].sort((x, y) => x[0] - y[0]).map(([s, [b, v]]) => [s, b, v]);
  const key = (w: World) =>
    w.leaders.map((l) => `${l.phase}/${l.ballot}/${l.next}/${l.promisers.slice().sort().join(',')}/${[...l.reported.keys()].sort().join(',')}`).join(' ') +
    '#' +
    w.accs.map((a) => `${a.promised}/${JSON.stringify(sortedVotes(a.votes))}`).join(' ') +
    '#' +
    w.learned.map((l) => JSON.stringify([...l.entries()].sort((x, y) => x[0] - y[0]))).join(' ') +
    '#' +
    [...w.msgs.keys()].sort().join(' ');
  const clone = (w: World): World => ({
    leaders: w.leaders.map((l) => ({ ...l, promisers: l.promisers.slice(), reported: new Map(l.reported) })),
    accs: w.accs.map((a) => ({ promised: a.promised, votes: new Map(a.votes) })),
    learned: w.learned.map((l) => new Map(l)),
    msgs: new Map(w.msgs),
  });
  const send = (w: World, m: unknown[]) => w.msgs.set(JSON.stringify(m), m);

  /** [slot, bal, val, voters] of every vote group. */
  const groups = (w: World) => {
    const g = new Map<string, { slot: number; bal: number; val: Val; voters: Set<number> }>();
    for (const m of w.msgs.values()) {
      if (m[0] !== 'accepted') continue;
      const [, acc, bal, entries] = m as [string, number, number, [number, Val][]];
      for (const [slot, val] of entries) {
        const k = `${slot}|${bal}|${val}`;
        if (!g.has(k)) g.set(k, { slot, bal, val, voters: new Set() });
        g.get(k)!.voters.add(acc);
      }
    }
    return [...g.values()];
  };
  const chosen = (w: World) => groups(w).filter((g) => g.voters.size >= majority);
  const prefix = (bySlot: Map<number, Val>) => {
    const out: Val[] = [];
    while (bySlot.has(out.length)) out.push(bySlot.get(out.length)!);
    return out;
  };
  const properties: Record<string, (w: World) => boolean> = {
    Agreement: (w) => {
      const c = chosen(w);
      return c.every((x) => c.every((y) => x.slot !== y.slot || x.val === y.val));
    },
    Validity: (w) => chosen(w).every((c) => c.val === 'noop' || (c.val !== null && /^c\d+\.\d+$/.test(c.val))),
    LogsPrefixConsistent: (w) => {
      const logs = [prefix(new Map(chosen(w).map((c) => [c.slot, c.val]))), ...w.learned.map(prefix)];
      return logs.every((a) => logs.every((b) => a.slice(0, b.length).every((v, i) => v === b[i])));
    },
  };
  const witnesses: Record<string, (w: World) => boolean> = {
    TwoSlotsChosenUnderOneLeader: (w) => chosen(w).some((x) => chosen(w).some((y) => x.bal === y.bal && x.slot !== y.slot)),
    LeaderChangeAfterChosen: (w) => chosen(w).some((c) => w.leaders.some((l) => l.phase === 'leading' && l.ballot > c.bal)),
    GapFilledWithNoop: (w) => chosen(w).some((n) => n.val === 'noop' && chosen(w).some((c) => c.slot > n.slot && c.val !== 'noop')),
  };

  /** A new leader's Accept entries: highest-ballot reported value per slot up to the highest reported, gaps per the rules. */
  function reproposals(reported: Iterable<[number, number, Val]>): [number, Val][] {
    const best = new Map<number, [number, Val]>();
    for (const [s, b, v] of reported) if (!best.has(s) || best.get(s)![0] < b) best.set(s, [b, v]);
    if (best.size === 0) return [];
    const top = Math.max(...best.keys());
    const out: [number, Val][] = [];
    for (let s = 0; s <= top; s++) {
      if (best.has(s)) out.push([s, best.get(s)![1]]);
      else if (bug === 'adopt-empty-slot') out.push([s, null]);
      else if (bug !== 'no-noop-fill') out.push([s, 'noop']);
    }
    return out;
  }

  function successors(w: World): World[] {
    const out: World[] = [];
    w.leaders.forEach((l, i) => {
      const nb = l.ballot < 0 ? i : l.ballot + cfg.leaders;
      if (nb <= cfg.maxBallot) {
        const n = clone(w);
        const skip = bug === 'skip-phase1-on-takeover' && nb > 0;
        n.leaders[i] = { phase: skip ? 'leading' : 'preparing', ballot: nb, promisers: [], reported: new Map(), next: 0 };
        if (!skip) send(n, ['prepare', i, nb]);
        out.push(n);
      }
      if (l.phase === 'leading' && l.next < cfg.slots) {
        const n = clone(w);
        send(n, ['accept', i, l.ballot, [[l.next, cmd(l.ballot, l.next)]]]);
        n.leaders[i].next++;
        out.push(n);
      }
    });
    for (const m of w.msgs.values()) {
      if (m[0] === 'prepare') {
        const [, from, b] = m as [string, number, number];
        w.accs.forEach((a, i) => {
          if (b <= a.promised) return;
          const n = clone(w);
          n.accs[i].promised = b;
          send(n, ['promise', i, from, b, sortedVotes(a.votes)]);
          out.push(n);
        });
      } else if (m[0] === 'promise') {
        const [, acc, to, b, votes] = m as [string, number, number, number, [number, number, Val][]];
        const l = w.leaders[to];
        if (l.phase !== 'preparing' || l.ballot !== b || l.promisers.includes(acc)) continue;
        const n = clone(w);
        const nl = n.leaders[to];
        nl.promisers.push(acc);
        for (const v of votes) nl.reported.set(v.join('|'), v);
        if (nl.promisers.length >= majority) {
          nl.phase = 'leading';
          nl.next = Math.max(0, ...[...nl.reported.values()].map((v) => v[0] + 1));
          const entries = reproposals(nl.reported.values());
          if (entries.length > 0) send(n, ['accept', to, b, entries]);
        }
        out.push(n);
      } else if (m[0] === 'accept') {
        const [, , b, entries] = m as [string, number, number, [number, Val][]];
        w.accs.forEach((a, i) => {
          const ok = entries.every(([s]) => (bug === 'per-slot-ballot-reset' ? b >= (a.votes.get(s)?.[0] ?? -1) : b >= a.promised));
          if (!ok) return;
          const n = clone(w);
          n.accs[i].promised = Math.max(a.promised, b);
          for (const [s, v] of entries) n.accs[i].votes.set(s, [b, v]);
          send(n, ['accepted', i, b, entries]);
          out.push(n);
        });
      }
    }
    const gs = groups(w);
    w.learned.forEach((l, i) => {
      for (const g of gs) {
        if (g.voters.size < learnerQuorum || l.has(g.slot)) continue;
        const n = clone(w);
        n.learned[i].set(g.slot, g.val);
        out.push(n);
      }
    });
    return out;
  }

  const init: World = {
    leaders: Array.from({ length: cfg.leaders }, () => ({ phase: 'idle' as const, ballot: -1, promisers: [], reported: new Map(), next: 0 })),
    accs: Array.from({ length: cfg.acceptors }, () => ({ promised: -1, votes: new Map() })),
    learned: Array.from({ length: cfg.learners }, () => new Map()),
    msgs: new Map(),
  };
  const seen = new Set<string>([key(init)]);
  const firstFailure: Record<string, number> = {};
  const reached: Record<string, boolean> = Object.fromEntries(Object.keys(witnesses).map((k) => [k, false]));
  let generated = 1;
  let level = [init];
  for (let depth = 0; level.length > 0; depth++) {
    for (const w of level) {
      for (const [name, holds] of Object.entries(properties)) if (!(name in firstFailure) && !holds(w)) firstFailure[name] = depth;
      for (const [name, holds] of Object.entries(witnesses)) if (!reached[name] && holds(w)) reached[name] = true;
    }
    if (cfg.stopAtFirstFailure && Object.keys(firstFailure).length > 0) break;
    const nextLevel: World[] = [];
    for (const w of level) {
      for (const s of successors(w)) {
        generated++;
        const k = key(s);
        if (seen.has(k)) continue;
        seen.add(k);
        nextLevel.push(s);
      }
    }
    level = nextLevel;
  }
  return { distinct: seen.size, generated, witnesses: reached, firstFailure };
}
