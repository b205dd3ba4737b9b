/**
 * A direct, independent encoding of Lamport's Paxos.tla (tlaplus/Examples,
 * specifications/Paxos/Paxos.tla) Init and Next in plain TypeScript, for the tests: no XState,
 * nothing from src/ or models/. Acceptors, values and ballots are numbers; None is -1.
 *
 * It counts states as TLC does: distinct states reached, and states generated = initial
 * states plus one successor for every way an action is enabled, i.e. for every binding of the
 * existentials (Phase1b's and Phase2b's message m; Phase2a's quorum Q and, in the
 * "some vote in Q1bv" disjunct, its message m), including successors already seen.
 * Quorums: every set of floor(N/2) + 1 acceptors.
 *
 * Example: `exploreTla(3, 2, 2)` gives `{ distinct: 185369, generated: 1361380 }`, TLC's figures.
 */

export interface TlaCounts {
  readonly distinct: number;
  readonly generated: number;
}

type Msg =
  | { t: '1a'; bal: number }
  | { t: '1b'; acc: number; bal: number; mbal: number; mval: number }
  | { t: '2a'; bal: number; val: number }
  | { t: '2b'; acc: number; bal: number; val: number };

interface State {
  maxBal: number[];
  maxVBal: number[];
  maxVal: number[];
  /** Every message sent, keyed by its encoding. */
  msgs: Map<string, Msg>;
}

const encode = (m: Msg) => JSON.stringify(m);

function subsetsOfSize(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  const without = subsetsOfSize(n - 1, k);
  const withLast = subsetsOfSize(n - 1, k - 1).map((s) => [...s, n - 1]);
  return [...without, ...withLast];
}

export function exploreTla(acceptors: number, values: number, maxBallot: number): TlaCounts {
  const quorums = subsetsOfSize(acceptors, Math.floor(acceptors / 2) + 1);
  const key = (s: State) => `${s.maxBal}|${s.maxVBal}|${s.maxVal}|${[...s.msgs.keys()].sort().join(';')}`;
  const withMsg = (s: State, m: Msg, change: Partial<State> = {}): State => {
    const msgs = new Map(s.msgs);
    msgs.set(encode(m), m);
    return { ...s, ...change, msgs };
  };
  const set = (xs: number[], i: number, x: number) => xs.map((y, j) => (j === i ? x : y));

  function next(s: State): State[] {
    const out: State[] = [];
    const msgs = [...s.msgs.values()];
    for (let b = 0; b <= maxBallot; b++) {
      // Phase1a(b)
      out.push(withMsg(s, { t: '1a', bal: b }));
      // Phase2a(b, v)
      if (msgs.some((m) => m.t === '2a' && m.bal === b)) continue;
      for (let v = 0; v < values; v++) {
        for (const q of quorums) {
          const q1b = msgs.filter((m): m is Extract<Msg, { t: '1b' }> => m.t === '1b' && m.bal === b && q.includes(m.acc));
          if (!q.every((a) => q1b.some((m) => m.acc === a))) continue;
          const q1bv = q1b.filter((m) => m.mbal >= 0);
          const enablings = q1bv.length === 0 ? 1 : q1bv.filter((m) => m.mval === v && q1bv.every((mm) => m.mbal >= mm.mbal)).length;
          for (let i = 0; i < enablings; i++) out.push(withMsg(s, { t: '2a', bal: b, val: v }));
        }
      }
    }
    for (let a = 0; a < acceptors; a++) {
      for (const m of msgs) {
        // Phase1b(a)
        if (m.t === '1a' && m.bal > s.maxBal[a]) {
          out.push(withMsg(s, { t: '1b', acc: a, bal: m.bal, mbal: s.maxVBal[a], mval: s.maxVal[a] }, { maxBal: set(s.maxBal, a, m.bal) }));
        }
        // Phase2b(a)
        if (m.t === '2a' && m.bal >= s.maxBal[a]) {
          out.push(
            withMsg(s, { t: '2b', acc: a, bal: m.bal, val: m.val }, { maxBal: set(s.maxBal, a, m.bal), maxVBal: set(s.maxVBal, a, m.bal), maxVal: set(s.maxVal, a, m.val) }),
          );
        }
      }
    }
    return out;
  }

  const init: State = { maxBal: Array(acceptors).fill(-1), maxVBal: Array(acceptors).fill(-1), maxVal: Array(acceptors).fill(-1), msgs: new Map() };
  const seen = new Set([key(init)]);
  const stack = [init];
  let generated = 1;
  while (stack.length > 0) {
    for (const t of next(stack.pop()!)) {
      generated++;
      const k = key(t);
      if (!seen.has(k)) {
        seen.add(k);
        stack.push(t);
      }
    }
  }
  return { distinct: seen.size, generated };
}
