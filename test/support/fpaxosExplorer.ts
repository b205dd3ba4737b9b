/**
 * A second, independent computation of the Flexible Paxos model's state graph, for the tests.
 * Plain TypeScript: no XState, nothing from src/ or models/. It encodes the rules as written
 * in spec/fpaxos/README.md, with quorums decided by their closed forms (at least q1 / q2
 * acceptors; a whole row / a whole column of the grid) rather than by enumerating them, and
 * explores breadth first, counting as the checker does: distinct states, and generated =
 * initial states plus every enabled step, including steps back to a state already seen.
 *
 * Example: `exploreFPaxos({ proposers: 1, acceptors: 3, values: 2, maxBallot: 1, quorums: { kind: 'size', q1: 1, q2: 3 } })`.
 */

export type Quorums = { readonly kind: 'size'; readonly q1: number; readonly q2: number } | { readonly kind: 'grid'; readonly rows: number };

export interface FPaxosExplorerConfig {
  readonly proposers: number;
  readonly acceptors: number;
  readonly values: number;
  readonly maxBallot: number;
  readonly quorums: Quorums;
  readonly bug?: 'none' | 'adopt-empty-promise';
  /** Stop after the first depth at which some property fails (counts are then partial). */
  readonly stopAtFirstFailure?: boolean;
}

export interface FPaxosExplorerResult {
  readonly distinct: number;
  readonly generated: number;
  readonly valueChosenReached: boolean;
  readonly chosenAgainReached: boolean;
  /** The smallest depth at which each property fails, if it ever does. */
  readonly firstFailure: Readonly<Record<string, number>>;
}

interface Proposer {
  /** 0 idle, 1 waiting for promises, 2 sent Accept. */
  phase: 0 | 1 | 2;
  ballot: number;
  /** acceptor index -> [its last vote's ballot, value] */
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
  /** Every message ever sent, by its JSON. */
  msgs: Map<string, unknown[]>;
}

export function exploreFPaxos(cfg: FPaxosExplorerConfig): FPaxosExplorerResult {
  const bug = cfg.bug ?? 'none';
  const q = cfg.quorums;
  const cols = q.kind === 'grid' ? cfg.acceptors / q.rows : 0;
  // Acceptor i sits in row floor(i / cols), column i mod cols.
  const isPhase1 = (accs: number[]) =>
    q.kind === 'size' ? accs.length >= q.q1 : Array.from({ length: q.rows }, (_, r) => r).some((r) => Array.from({ length: cols }, (_, c) => r * cols + c).every((a) => accs.includes(a)));
  const isPhase2 = (accs: number[]) =>
    q.kind === 'size' ? accs.length >= q.q2 : Array.from({ length: cols }, (_, c) => c).some((c) => Array.from({ length: q.rows }, (_, r) => r * cols + c).every((a) => accs.includes(a)));
  const valueOfBallot = (b: number) => `v${(b % cfg.values) + 1}`;

  const key = (w: World) =>
    w.props.map((p) => `${p.phase}/${p.ballot}/${p.proposal}/${[...p.promises.entries()].sort((x, y) => x[0] - y[0]).map((e) => e.join(':')).join(';')}`).join(' ') +
    '#' +
    w.accs.map((a) => `${a.promised}/${a.votedBallot}/${a.votedValue}`).join(' ') +
    '#' +
    [...w.msgs.keys()].sort().join(' ');
  const clone = (w: World): World => ({ props: w.props.map((p) => ({ ...p, promises: new Map(p.promises) })), accs: w.accs.map((a) => ({ ...a })), msgs: new Map(w.msgs) });
  const send = (w: World, m: unknown[]) => w.msgs.set(JSON.stringify(m), m);

  /** (ballot, value) pairs voted by a Phase 2 quorum. */
  const chosen = (w: World) => {
    const voters = new Map<string, { b: number; v: string | null; accs: number[] }>();
    for (const m of w.msgs.values()) {
      if (m[0] !== 'voted') continue;
      const [, acc, b, v] = m as [string, number, number, string | null];
      const k = `${b}|${v}`;
      const g = voters.get(k) ?? { b, v, accs: [] };
      g.accs.push(acc);
      voters.set(k, g);
    }
    return [...voters.values()].filter((g) => isPhase2(g.accs));
  };
  const properties: Record<string, (w: World) => boolean> = {
    Validity: (w) => {
      const requested = new Set([...w.msgs.values()].filter((m) => m[0] === 'prepare').map((m) => valueOfBallot(m[2] as number)));
      return chosen(w).every((c) => c.v !== null && requested.has(c.v));
    },
    Agreement: (w) => new Set(chosen(w).map((c) => c.v)).size <= 1,
  };

  function successors(w: World): World[] {
    const out: World[] = [];
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
          if (b <= a.promised) return;
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
        const np = n.props[to];
        np.promises.set(acc, [mbal, mval]);
        if (isPhase1([...np.promises.keys()])) {
          np.phase = 2;
          np.proposal = pick(np.promises, valueOfBallot(b), bug);
          send(n, ['accept', to, b, np.proposal]);
        }
        out.push(n);
      } else if (m[0] === 'accept') {
        const [, , b, v] = m as [string, number, number, string | null];
        w.accs.forEach((a, i) => {
          if (b < a.promised) return;
          const n = clone(w);
          n.accs[i] = { promised: b, votedBallot: b, votedValue: v };
          send(n, ['voted', i, b, v]);
          out.push(n);
        });
      }
    }
    return out;
  }

  const init: World = {
    props: Array.from({ length: cfg.proposers }, () => ({ phase: 0 as const, ballot: -1, promises: new Map(), proposal: null })),
    accs: Array.from({ length: cfg.acceptors }, () => ({ promised: -1, votedBallot: -1, votedValue: null })),
    msgs: new Map(),
  };
  const seen = new Set<string>([key(init)]);
  const firstFailure: Record<string, number> = {};
  let generated = 1;
  let valueChosenReached = false;
  let chosenAgainReached = false;
  let level = [init];
  for (let depth = 0; level.length > 0; depth++) {
    for (const w of level) {
      for (const [name, holds] of Object.entries(properties)) if (!(name in firstFailure) && !holds(w)) firstFailure[name] = depth;
      const c = chosen(w);
      if (c.length > 0) valueChosenReached = true;
      if (new Set(c.map((x) => x.b)).size >= 2) chosenAgainReached = true;
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
  return { distinct: seen.size, generated, valueChosenReached, chosenAgainReached, firstFailure };
}

/** The value of the highest-ballot vote reported, else the ballot's own; the bug takes the highest promise's value regardless. */
function pick(promises: Map<number, [number, string | null]>, own: string, bug: string): string | null {
  let best: [number, string | null] | undefined;
  for (const acc of [...promises.keys()].sort((x, y) => x - y)) {
    const vote = promises.get(acc)!;
    if (best === undefined || vote[0] > best[0]) best = vote;
  }
  if (bug === 'adopt-empty-promise') return best![1];
  return best !== undefined && best[0] >= 0 ? best[1] : own;
}
