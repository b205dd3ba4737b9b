/**
 * A second, independent computation of the default Paxos model's state graph, for the tests.
 * Plain TypeScript: no XState, nothing from src/. It encodes the rules as written in
 * spec/paxos/README.md (Lamport, "Paxos Made Simple", section 2) with the same bounds and
 * the same bugs as the variants, and explores them breadth first.
 *
 * Example: `explorePaxos({ proposers: 2, acceptors: 3, values: 2, maxBallot: 1, learners: 1 })`.
 */

export type Bug = 'none' | 'accept-below-promise' | 'ignore-accepted-value' | 'minority-quorum' | 'learner-minority' | 'adopt-empty-promise';

export interface ExplorerConfig {
  readonly proposers: number;
  readonly acceptors: number;
  readonly values: number;
  readonly maxBallot: number;
  readonly learners: number;
  readonly bug?: Bug;
  /** Stop after the first depth at which some property fails (counts are then partial). */
  readonly stopAtFirstFailure?: boolean;
}

export interface ExplorerResult {
  readonly distinct: number;
  /** Initial states plus every enabled step, including steps back to a state already seen. */
  readonly generated: number;
  readonly valueChosenReached: boolean;
  /** The smallest depth at which each property fails, if it ever does. */
  readonly firstFailure: Readonly<Record<string, number>>;
}

// A proposer's phase: 0 idle, 1 waiting for promises, 2 asked acceptors to accept.
interface Proposer {
  phase: 0 | 1 | 2;
  ballot: number;
  /** acceptor index -> [ballot it last voted in, value of that vote] */
  promises: Map<number, [number, string | null]>;
  proposal: string | null;
}
interface Acceptor {
  promised: number;
  votedBallot: number;
  votedValue: string | null;
}
interface World {
  props: Proposer[];
  accs: Acceptor[];
  /** undefined until the learner learns; null is a value a buggy proposer can propose. */
  learned: (string | null | undefined)[];
  /** Every message ever sent, each as a tuple. */
  msgs: Map<string, unknown[]>;
}

const valueName = (i: number) => `v${i + 1}`;

export function explorePaxos(cfg: ExplorerConfig): ExplorerResult {
  const bug = cfg.bug ?? 'none';
  const majority = Math.floor(cfg.acceptors / 2) + 1;
  const proposerQuorum = bug === 'minority-quorum' ? Math.max(1, Math.floor(cfg.acceptors / 2)) : majority;
  const learnerQuorum = bug === 'learner-minority' ? Math.max(1, Math.floor(cfg.acceptors / 2)) : majority;
  const ownValue = (p: number) => valueName(p % cfg.values);

  const key = (w: World) => {
    const ps = w.props.map((p) => `${p.phase}/${p.ballot}/${p.proposal}/${[...p.promises.entries()].sort((x, y) => x[0] - y[0]).map((e) => e.join(':')).join(';')}`);
    const as = w.accs.map((a) => `${a.promised}/${a.votedBallot}/${a.votedValue}`);
    return `${ps.join(' ')}#${as.join(' ')}#${w.learned.map((l) => (l === undefined ? '-' : String(l))).join(' ')}#${[...w.msgs.keys()].sort().join(' ')}`;
  };
  const clone = (w: World): World => ({
    props: w.props.map((p) => ({ ...p, promises: new Map(p.promises) })),
    accs: w.accs.map((a) => ({ ...a })),
    learned: w.learned.slice(),
    msgs: new Map(w.msgs),
  });
  const send = (w: World, m: unknown[]) => w.msgs.set(JSON.stringify(m), m);

  // Votes: one per (acceptor, ballot, value) "accepted" message.
  const votes = (w: World) => [...w.msgs.values()].filter((m) => m[0] === 'accepted') as ['accepted', number, number, string | null][];
  const chosen = (w: World) => {
    const count = new Map<string, { v: string | null; n: number }>();
    for (const [, , b, v] of votes(w)) {
      const k = `${b}|${v}`;
      const c = count.get(k) ?? { v, n: 0 };
      c.n++;
      count.set(k, c);
    }
    return new Set([...count.values()].filter((c) => c.n >= majority).map((c) => c.v));
  };
  const properties: Record<string, (w: World) => boolean> = {
    Validity: (w) => {
      const proposed = new Set(w.props.map((p, i) => (p.ballot >= 0 ? ownValue(i) : undefined)));
      return [...chosen(w)].every((v) => v !== null && proposed.has(v));
    },
    Agreement: (w) => chosen(w).size <= 1,
    LearnersAgree: (w) => new Set(w.learned.filter((v) => v !== undefined)).size <= 1,
  };

  function successors(w: World): World[] {
    const out: World[] = [];
    // A proposer starts its next ballot, from any phase, while it has one within the bound.
    w.props.forEach((p, i) => {
      const next = p.ballot < 0 ? i : p.ballot + cfg.proposers;
      if (next > cfg.maxBallot) return;
      const n = clone(w);
      n.props[i] = { phase: 1, ballot: next, promises: new Map(), proposal: null };
      send(n, ['prepare', i, next]);
      out.push(n);
    });
    for (const m of w.msgs.values()) {
      if (m[0] === 'prepare') {
        const [, from, b] = m as [string, number, number];
        w.accs.forEach((a, i) => {
          if (!(b > a.promised)) return;
          const n = clone(w);
          n.accs[i] = { ...a, promised: b };
          send(n, ['promise', i, from, b, a.votedBallot, a.votedValue]);
          out.push(n);
        });
      } else if (m[0] === 'promise') {
        const [, acc, to, b, mbal, mval] = m as [string, number, number, number, number, string | null];
        const p = w.props[to];
        if (p.phase !== 1 || p.ballot !== b || p.promises.has(acc)) continue;
        const n = clone(w);
        const q = n.props[to];
        q.promises.set(acc, [mbal, mval]);
        if (q.promises.size >= proposerQuorum) {
          q.phase = 2;
          q.proposal = pickValue(q.promises, ownValue(to), bug);
          send(n, ['accept', to, b, q.proposal]);
        }
        out.push(n);
      } else if (m[0] === 'accept') {
        const [, , b, v] = m as [string, number, number, string | null];
        w.accs.forEach((a, i) => {
          if (bug !== 'accept-below-promise' && !(b >= a.promised)) return;
          const n = clone(w);
          n.accs[i] = { promised: Math.max(a.promised, b), votedBallot: b, votedValue: v };
          send(n, ['accepted', i, b, v]);
          out.push(n);
        });
      }
    }
    // A learner that has not learned yet learns v once `learnerQuorum` acceptors voted (b, v).
    const groups = new Map<string, { v: string | null; n: number }>();
    for (const [, , b, v] of votes(w)) {
      const k = `${b}|${v}`;
      const g = groups.get(k) ?? { v, n: 0 };
      g.n++;
      groups.set(k, g);
    }
    w.learned.forEach((l, i) => {
      if (l !== undefined) return;
      for (const g of groups.values()) {
        if (g.n < learnerQuorum) continue;
        const n = clone(w);
        n.learned[i] = g.v;
        out.push(n);
      }
    });
    return out;
  }

  const init: World = {
    props: Array.from({ length: cfg.proposers }, () => ({ phase: 0 as const, ballot: -1, promises: new Map(), proposal: null })),
    accs: Array.from({ length: cfg.acceptors }, () => ({ promised: -1, votedBallot: -1, votedValue: null })),
    learned: Array.from({ length: cfg.learners }, () => undefined),
    msgs: new Map(),
  };
  const seen = new Set<string>([key(init)]);
  const firstFailure: Record<string, number> = {};
  let generated = 1;
  let valueChosenReached = false;
  let level = [init];
  for (let depth = 0; level.length > 0; depth++) {
    for (const w of level) {
      for (const [name, holds] of Object.entries(properties)) if (!(name in firstFailure) && !holds(w)) firstFailure[name] = depth;
      if (chosen(w).size > 0) valueChosenReached = true;
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
  return { distinct: seen.size, generated, valueChosenReached, firstFailure };
}

/** The value of the highest-ballot vote reported, else the proposer's own (the bugs aside). */
function pickValue(promises: Map<number, [number, string | null]>, own: string, bug: Bug): string | null {
  if (bug === 'ignore-accepted-value') return own;
  let best: [number, string | null] | undefined;
  for (const acc of [...promises.keys()].sort((x, y) => x - y)) {
    const vote = promises.get(acc)!;
    if (best === undefined || vote[0] > best[0]) best = vote;
  }
  if (bug === 'adopt-empty-promise') return best![1];
  return best !== undefined && best[0] >= 0 ? best[1] : own;
}
