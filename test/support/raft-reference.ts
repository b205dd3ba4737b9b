/**
 * A second, independent encoding of the Raft paper's Figure 2 rules, in plain TypeScript with
 * its own state layout, its own bag of messages and its own breadth-first search. It shares
 * no code with models/raft or src/: it exists so that the number of distinct states of the
 * statechart model's default variant can be checked against a count computed another way.
 *
 * It encodes the same modelling choices as the statechart (one step per message; a newer term
 * is adopted in the step that handles the message; a new candidate sends RequestVote to every
 * peer in one step; AppendEntries carries at most one entry; votes granted and the leader's
 * nextIndex and matchIndex are forgotten when a server leaves candidate or leader; the network
 * is a bag with drop and duplicate; TLC's CONSTRAINT semantics for the bounds).
 *
 * Example: `referenceCount({ servers: 3, maxTerm: 2, maxLogLength: 1, values: 1, maxInFlight: 2, maxCopies: 1, crashes: false })`.
 */

export interface ReferenceParams {
  readonly servers: number;
  readonly maxTerm: number;
  readonly maxLogLength: number;
  readonly values: number;
  readonly maxInFlight: number;
  readonly maxCopies: number;
  readonly crashes: boolean;
  readonly drop?: boolean;
  readonly duplicate?: boolean;
}

const FOLLOWER = 0;
const CANDIDATE = 1;
const LEADER = 2;

/** One server: an entry is [term, value number]; peers by position; -1 for "no vote". */
interface Server {
  role: number;
  term: number;
  votedFor: number;
  log: [number, number][];
  commit: number;
  votes: number[];
  next: number[];
  match: number[];
}

/** Messages as tuples; the tuple's JSON is its identity in the bag. */
type Msg =
  | ['RV', number, number, number, number, number] // from, to, term, lastLogIndex, lastLogTerm
  | ['RVR', number, number, number, boolean] // from, to, term, granted
  | ['AE', number, number, number, number, number, [number, number][], number] // from, to, term, prevIndex, prevTerm, entries, leaderCommit
  | ['AER', number, number, number, boolean, number]; // from, to, term, success, matchIndex

interface World {
  servers: Server[];
  bag: Map<string, number>;
}

function copyWorld(w: World): World {
  return {
    servers: w.servers.map((s) => ({ ...s, log: s.log.slice(), votes: s.votes.slice(), next: s.next.slice(), match: s.match.slice() })),
    bag: new Map(w.bag),
  };
}

function post(w: World, m: Msg): void {
  const k = JSON.stringify(m);
  w.bag.set(k, (w.bag.get(k) ?? 0) + 1);
}

function take(w: World, k: string): void {
  const c = w.bag.get(k)!;
  if (c === 1) w.bag.delete(k);
  else w.bag.set(k, c - 1);
}

function key(w: World): string {
  const bag = [...w.bag.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return JSON.stringify([w.servers, bag]);
}

function termAtIndex(log: [number, number][], i: number): number {
  if (i === 0) return 0;
  return i <= log.length ? log[i - 1][0] : -1;
}

function becomeFollower(s: Server): void {
  s.role = FOLLOWER;
  s.votes = [];
  s.next = [];
  s.match = [];
}

function observeTerm(s: Server, term: number): void {
  if (term > s.term) {
    s.term = term;
    s.votedFor = -1;
    becomeFollower(s);
  }
}

function successors(w: World, p: ReferenceParams): World[] {
  const out: World[] = [];
  const n = p.servers;
  const majority = (count: number) => 2 * count > n;
  w.servers.forEach((s, i) => {
    if (s.role !== LEADER) {
      // Election timeout: a new term, a vote for itself, a request to every peer.
      const v = copyWorld(w);
      const me = v.servers[i];
      me.term += 1;
      me.role = CANDIDATE;
      me.votedFor = i;
      me.votes = [i];
      const lastTerm = me.log.length === 0 ? 0 : me.log[me.log.length - 1][0];
      for (let j = 0; j < n; j++) if (j !== i) post(v, ['RV', i, j, me.term, me.log.length, lastTerm]);
      out.push(v);
    } else {
      for (let value = 0; value < p.values; value++) {
        const v = copyWorld(w);
        v.servers[i].log.push([s.term, value]);
        out.push(v);
      }
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const v = copyWorld(w);
        const prev = s.next[j] - 1;
        const entries: [number, number][] = s.next[j] <= s.log.length ? [s.log[s.next[j] - 1]] : [];
        post(v, ['AE', i, j, s.term, prev, termAtIndex(s.log, prev), entries, s.commit]);
        out.push(v);
      }
    }
  });
  for (const k of w.bag.keys()) {
    const m = JSON.parse(k) as Msg;
    const v = copyWorld(w);
    take(v, k);
    receive(v, m, n, majority);
    out.push(v);
    if (p.drop !== false) {
      const d = copyWorld(w);
      take(d, k);
      out.push(d);
    }
    if (p.duplicate !== false) {
      const d = copyWorld(w);
      d.bag.set(k, d.bag.get(k)! + 1);
      out.push(d);
    }
  }
  if (p.crashes) {
    w.servers.forEach((_, i) => {
      const v = copyWorld(w);
      const s = v.servers[i];
      becomeFollower(s);
      s.commit = 0;
      out.push(v);
    });
  }
  return out;
}

function receive(w: World, m: Msg, n: number, majority: (c: number) => boolean): void {
  const to = m[2];
  const s = w.servers[to];
  switch (m[0]) {
    case 'RV': {
      const [, from, , term, lastIndex, lastTerm] = m;
      observeTerm(s, term);
      const myLastTerm = s.log.length === 0 ? 0 : s.log[s.log.length - 1][0];
      const upToDate = lastTerm > myLastTerm || (lastTerm === myLastTerm && lastIndex >= s.log.length);
      const grant = term === s.term && (s.votedFor === -1 || s.votedFor === from) && upToDate;
      if (grant) s.votedFor = from;
      post(w, ['RVR', to, from, s.term, grant]);
      return;
    }
    case 'RVR': {
      const [, from, , term, granted] = m;
      observeTerm(s, term);
      if (s.role === CANDIDATE && term === s.term && granted) {
        if (!s.votes.includes(from)) s.votes = [...s.votes, from].sort((a, b) => a - b);
        if (majority(s.votes.length)) {
          s.role = LEADER;
          s.votes = [];
          s.next = Array.from({ length: n }, (_, j) => (j === to ? 0 : s.log.length + 1));
          s.match = Array.from({ length: n }, () => 0);
        }
      }
      return;
    }
    case 'AE': {
      const [, from, , term, prevIndex, prevTerm, entries, leaderCommit] = m;
      if (term < s.term) {
        post(w, ['AER', to, from, s.term, false, 0]);
        return;
      }
      observeTerm(s, term);
      becomeFollower(s);
      const ok = termAtIndex(s.log, prevIndex) === prevTerm;
      if (ok) {
        entries.forEach((e, k) => {
          const at = prevIndex + 1 + k;
          if (at <= s.log.length && s.log[at - 1][0] !== e[0]) s.log = s.log.slice(0, at - 1);
          if (at > s.log.length) s.log.push(e);
        });
        const lastNew = prevIndex + entries.length;
        if (leaderCommit > s.commit) s.commit = Math.max(s.commit, Math.min(leaderCommit, lastNew));
      }
      post(w, ['AER', to, from, s.term, ok, ok ? prevIndex + entries.length : 0]);
      return;
    }
    case 'AER': {
      const [, from, , term, success, matchIndex] = m;
      observeTerm(s, term);
      if (s.role !== LEADER || term !== s.term) return;
      if (success) {
        s.match[from] = Math.max(s.match[from], matchIndex);
        s.next[from] = s.match[from] + 1;
        // Figure 2, rules for leaders: the highest index of the current term on a majority.
        for (let idx = s.log.length; idx > s.commit; idx--) {
          if (s.log[idx - 1][0] !== s.term) continue;
          const holders = 1 + s.match.filter((x, j) => j !== to && x >= idx).length;
          if (majority(holders)) {
            s.commit = idx;
            break;
          }
        }
      } else {
        s.next[from] = Math.max(1, s.next[from] - 1);
      }
      return;
    }
  }
}

function inBounds(w: World, p: ReferenceParams): boolean {
  if (w.servers.some((s) => s.term > p.maxTerm || s.log.length > p.maxLogLength)) return false;
  if (w.bag.size > p.maxInFlight) return false;
  for (const c of w.bag.values()) if (c > p.maxCopies) return false;
  return true;
}

/** Distinct states within the bounds, and the greatest BFS depth, of the paper's rules. */
export function referenceCount(p: ReferenceParams, maxStates = Infinity): { distinctStates: number; depth: number; complete: boolean } {
  const init: World = {
    servers: Array.from({ length: p.servers }, () => ({ role: FOLLOWER, term: 0, votedFor: -1, log: [], commit: 0, votes: [], next: [], match: [] })),
    bag: new Map(),
  };
  const seen = new Set<string>([key(init)]);
  let frontier = [init];
  let depth = 0;
  while (frontier.length > 0) {
    const next: World[] = [];
    for (const w of frontier) {
      for (const v of successors(w, p)) {
        if (!inBounds(v, p)) continue;
        const k = key(v);
        if (seen.has(k)) continue;
        seen.add(k);
        next.push(v);
        if (seen.size >= maxStates) return { distinctStates: seen.size, depth, complete: false };
      }
    }
    if (next.length > 0) depth++;
    frontier = next;
  }
  return { distinctStates: seen.size, depth, complete: true };
}
