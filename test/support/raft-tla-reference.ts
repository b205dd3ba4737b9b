/**
 * A second, independent computation of raft.tla's state graph: Init and Next of Ongaro's
 * raft.tla (github.com/ongardie/raft.tla, newest version; history variables and `mlog`
 * left out) written directly in TypeScript over TLA-shaped values, with no XState and nothing
 * from src/. Variables are functions from server to value (records keyed by server), the
 * message bag is a function from message to count (a message whose count would reach 0 leaves
 * its domain), and messages keep raft.tla's field names.
 *
 * `exploreReference` explores it breadth-first as TLC does with a CONSTRAINT: every successor
 * of an expanded state counts as generated; only those within the constraint are counted as
 * distinct and expanded. Tests compare its counts with the statechart model's.
 */

export type ServerState = 'Follower' | 'Candidate' | 'Leader';

export interface TlaEntry {
  readonly term: number;
  readonly value: string;
}

/** A message as raft.tla writes it, minus mlog. */
export type TlaMessage = Readonly<Record<string, unknown>> & { readonly mtype: string; readonly mterm: number; readonly msource: string; readonly mdest: string };

export interface TlaState {
  /** messages: the bag, as message key -> count; the key is `messageKey(m)`. */
  readonly messages: ReadonlyMap<string, number>;
  readonly currentTerm: Readonly<Record<string, number>>;
  readonly state: Readonly<Record<string, ServerState>>;
  readonly votedFor: Readonly<Record<string, string | null>>;
  readonly log: Readonly<Record<string, readonly TlaEntry[]>>;
  readonly commitIndex: Readonly<Record<string, number>>;
  readonly votesResponded: Readonly<Record<string, readonly string[]>>;
  readonly votesGranted: Readonly<Record<string, readonly string[]>>;
  readonly nextIndex: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly matchIndex: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface ReferenceConfig {
  readonly servers: readonly string[];
  readonly values: readonly string[];
  readonly maxTerm: number;
  readonly maxLogLength: number;
  readonly maxCopies: number;
  readonly maxInFlight: number;
}

/** A message's identity in the bag: its fields, sorted by name, as JSON. */
export function messageKey(m: TlaMessage): string {
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(m).sort()) sorted[k] = m[k];
  return JSON.stringify(sorted);
}

function messageOf(key: string): TlaMessage {
  return JSON.parse(key) as TlaMessage;
}

/** Equal exactly when the two states assign the same values to every variable. */
export function fingerprintOf(s: TlaState, servers: readonly string[]): string {
  const bag = [...s.messages.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const perServer = servers.map((i) => [
    s.currentTerm[i],
    s.state[i],
    s.votedFor[i],
    s.log[i],
    s.commitIndex[i],
    s.votesResponded[i],
    s.votesGranted[i],
    servers.map((j) => s.nextIndex[i][j]),
    servers.map((j) => s.matchIndex[i][j]),
  ]);
  return JSON.stringify([bag, perServer]);
}

// ---- Helpers of raft.tla ----

const update = <V>(f: Readonly<Record<string, V>>, i: string, v: V): Record<string, V> => ({ ...f, [i]: v });

function lastTermOf(xlog: readonly TlaEntry[]): number {
  return xlog.length === 0 ? 0 : xlog[xlog.length - 1].term;
}

function inQuorum(set: readonly string[], cfg: ReferenceConfig): boolean {
  return set.length * 2 > cfg.servers.length;
}

function union(set: readonly string[], j: string): string[] {
  return [...new Set([...set, j])].sort();
}

function withMessage(m: TlaMessage, msgs: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map(msgs);
  const k = messageKey(m);
  out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

function withoutMessage(m: TlaMessage, msgs: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map(msgs);
  const k = messageKey(m);
  const n = out.get(k);
  if (n === undefined) return out;
  if (n <= 1) out.delete(k);
  else out.set(k, n - 1);
  return out;
}

const send = (s: TlaState, m: TlaMessage): TlaState => ({ ...s, messages: withMessage(m, s.messages) });
const discard = (s: TlaState, m: TlaMessage): TlaState => ({ ...s, messages: withoutMessage(m, s.messages) });
const reply = (s: TlaState, response: TlaMessage, request: TlaMessage): TlaState => ({
  ...s,
  messages: withoutMessage(request, withMessage(response, s.messages)),
});

const constFn = <V>(servers: readonly string[], v: V): Record<string, V> => Object.fromEntries(servers.map((j) => [j, v]));

// ---- Init ----

export function initialState(cfg: ReferenceConfig): TlaState {
  const S = cfg.servers;
  return {
    messages: new Map(),
    currentTerm: constFn(S, 1),
    state: constFn(S, 'Follower' as ServerState),
    votedFor: constFn(S, null as string | null),
    log: constFn(S, [] as TlaEntry[]),
    commitIndex: constFn(S, 0),
    votesResponded: constFn(S, [] as string[]),
    votesGranted: constFn(S, [] as string[]),
    nextIndex: Object.fromEntries(S.map((i) => [i, constFn(S, 1)])),
    matchIndex: Object.fromEntries(S.map((i) => [i, constFn(S, 0)])),
  };
}

// ---- Actions; each returns the successor, or null when the action is not enabled ----

function restart(s: TlaState, i: string, cfg: ReferenceConfig): TlaState {
  return {
    ...s,
    state: update(s.state, i, 'Follower'),
    votesResponded: update(s.votesResponded, i, []),
    votesGranted: update(s.votesGranted, i, []),
    nextIndex: update(s.nextIndex, i, constFn(cfg.servers, 1)),
    matchIndex: update(s.matchIndex, i, constFn(cfg.servers, 0)),
    commitIndex: update(s.commitIndex, i, 0),
  };
}

function timeout(s: TlaState, i: string): TlaState | null {
  if (s.state[i] !== 'Follower' && s.state[i] !== 'Candidate') return null;
  return {
    ...s,
    state: update(s.state, i, 'Candidate'),
    currentTerm: update(s.currentTerm, i, s.currentTerm[i] + 1),
    votedFor: update(s.votedFor, i, null),
    votesResponded: update(s.votesResponded, i, []),
    votesGranted: update(s.votesGranted, i, []),
  };
}

function requestVote(s: TlaState, i: string, j: string): TlaState | null {
  if (s.state[i] !== 'Candidate' || s.votesResponded[i].includes(j)) return null;
  return send(s, {
    mtype: 'RequestVoteRequest',
    mterm: s.currentTerm[i],
    mlastLogTerm: lastTermOf(s.log[i]),
    mlastLogIndex: s.log[i].length,
    msource: i,
    mdest: j,
  });
}

function appendEntries(s: TlaState, i: string, j: string): TlaState | null {
  if (i === j || s.state[i] !== 'Leader') return null;
  const li = s.log[i];
  const prevLogIndex = s.nextIndex[i][j] - 1;
  const prevLogTerm = prevLogIndex > 0 ? li[prevLogIndex - 1].term : 0;
  const lastEntry = Math.min(li.length, s.nextIndex[i][j]);
  // SubSeq(log[i], nextIndex[i][j], lastEntry), 1-based and inclusive.
  const entries: TlaEntry[] = [];
  for (let k = s.nextIndex[i][j]; k <= lastEntry; k++) entries.push(li[k - 1]);
  return send(s, {
    mtype: 'AppendEntriesRequest',
    mterm: s.currentTerm[i],
    mprevLogIndex: prevLogIndex,
    mprevLogTerm: prevLogTerm,
    mentries: entries,
    mcommitIndex: Math.min(s.commitIndex[i], lastEntry),
    msource: i,
    mdest: j,
  });
}

function becomeLeader(s: TlaState, i: string, cfg: ReferenceConfig): TlaState | null {
  if (s.state[i] !== 'Candidate' || !inQuorum(s.votesGranted[i], cfg)) return null;
  return {
    ...s,
    state: update(s.state, i, 'Leader'),
    nextIndex: update(s.nextIndex, i, constFn(cfg.servers, s.log[i].length + 1)),
    matchIndex: update(s.matchIndex, i, constFn(cfg.servers, 0)),
  };
}

function clientRequest(s: TlaState, i: string, v: string): TlaState | null {
  if (s.state[i] !== 'Leader') return null;
  return { ...s, log: update(s.log, i, [...s.log[i], { term: s.currentTerm[i], value: v }]) };
}

function advanceCommitIndex(s: TlaState, i: string, cfg: ReferenceConfig): TlaState | null {
  if (s.state[i] !== 'Leader') return null;
  const agree = (index: number) => cfg.servers.filter((k) => k === i || s.matchIndex[i][k] >= index);
  const agreeIndexes: number[] = [];
  for (let index = 1; index <= s.log[i].length; index++) if (inQuorum(agree(index), cfg)) agreeIndexes.push(index);
  const max = Math.max(...agreeIndexes);
  const newCommitIndex = agreeIndexes.length > 0 && s.log[i][max - 1].term === s.currentTerm[i] ? max : s.commitIndex[i];
  return { ...s, commitIndex: update(s.commitIndex, i, newCommitIndex) };
}

// ---- Message handlers: i = recipient, j = sender ----

function handleRequestVoteRequest(s: TlaState, i: string, j: string, m: TlaMessage): TlaState | null {
  const myLastTerm = lastTermOf(s.log[i]);
  const mLastLogTerm = m.mlastLogTerm as number;
  const logOk = mLastLogTerm > myLastTerm || (mLastLogTerm === myLastTerm && (m.mlastLogIndex as number) >= s.log[i].length);
  const grant = m.mterm === s.currentTerm[i] && logOk && (s.votedFor[i] === null || s.votedFor[i] === j);
  if (!(m.mterm <= s.currentTerm[i])) return null;
  const voted = grant ? { ...s, votedFor: update(s.votedFor, i, j) } : s;
  return reply(voted, { mtype: 'RequestVoteResponse', mterm: s.currentTerm[i], mvoteGranted: grant, msource: i, mdest: j }, m);
}

function handleRequestVoteResponse(s: TlaState, i: string, j: string, m: TlaMessage): TlaState | null {
  if (m.mterm !== s.currentTerm[i]) return null;
  const next: TlaState = {
    ...s,
    votesResponded: update(s.votesResponded, i, union(s.votesResponded[i], j)),
    votesGranted: m.mvoteGranted ? update(s.votesGranted, i, union(s.votesGranted[i], j)) : s.votesGranted,
  };
  return discard(next, m);
}

function handleAppendEntriesRequest(s: TlaState, i: string, j: string, m: TlaMessage, fired?: Set<string>): TlaState | null {
  const li = s.log[i];
  const prev = m.mprevLogIndex as number;
  const entries = m.mentries as readonly TlaEntry[];
  const logOk = prev === 0 || (prev > 0 && prev <= li.length && m.mprevLogTerm === li[prev - 1].term);
  if (!(m.mterm <= s.currentTerm[i])) return null;
  const results: TlaState[] = [];
  // reject request
  if (m.mterm < s.currentTerm[i] || (m.mterm === s.currentTerm[i] && s.state[i] === 'Follower' && !logOk)) {
    fired?.add('RejectAppendEntriesRequest');
    results.push(reply(s, { mtype: 'AppendEntriesResponse', mterm: s.currentTerm[i], msuccess: false, mmatchIndex: 0, msource: i, mdest: j }, m));
  }
  // return to follower state
  if (m.mterm === s.currentTerm[i] && s.state[i] === 'Candidate') {
    fired?.add('ReturnToFollowerState');
    results.push({ ...s, state: update(s.state, i, 'Follower') });
  }
  // accept request
  if (m.mterm === s.currentTerm[i] && s.state[i] === 'Follower' && logOk) {
    const index = prev + 1;
    // already done with request
    if (entries.length === 0 || (entries.length > 0 && li.length >= index && li[index - 1].term === entries[0].term)) {
      fired?.add('AlreadyDoneWithRequest');
      const accepted: TlaState = { ...s, commitIndex: update(s.commitIndex, i, m.mcommitIndex as number) };
      results.push(
        reply(accepted, { mtype: 'AppendEntriesResponse', mterm: s.currentTerm[i], msuccess: true, mmatchIndex: prev + entries.length, msource: i, mdest: j }, m),
      );
    }
    // conflict: remove 1 entry (the last one)
    if (entries.length > 0 && li.length >= index && li[index - 1].term !== entries[0].term) {
      fired?.add('ConflictRemoveOneEntry');
      results.push({ ...s, log: update(s.log, i, li.slice(0, li.length - 1)) });
    }
    // no conflict: append entry
    if (entries.length > 0 && li.length === prev) {
      fired?.add('NoConflictAppendEntry');
      results.push({ ...s, log: update(s.log, i, [...li, entries[0]]) });
    }
  }
  if (results.length > 1) throw new Error('raft.tla: two disjuncts of HandleAppendEntriesRequest enabled at once');
  return results[0] ?? null;
}

function handleAppendEntriesResponse(s: TlaState, i: string, j: string, m: TlaMessage): TlaState | null {
  if (m.mterm !== s.currentTerm[i]) return null;
  const next: TlaState = m.msuccess
    ? {
        ...s,
        nextIndex: update(s.nextIndex, i, update(s.nextIndex[i], j, (m.mmatchIndex as number) + 1)),
        matchIndex: update(s.matchIndex, i, update(s.matchIndex[i], j, m.mmatchIndex as number)),
      }
    : { ...s, nextIndex: update(s.nextIndex, i, update(s.nextIndex[i], j, Math.max(s.nextIndex[i][j] - 1, 1))) };
  return discard(next, m);
}

function updateTerm(s: TlaState, i: string, m: TlaMessage): TlaState | null {
  if (!(m.mterm > s.currentTerm[i])) return null;
  return {
    ...s,
    currentTerm: update(s.currentTerm, i, m.mterm),
    state: update(s.state, i, 'Follower'),
    votedFor: update(s.votedFor, i, null),
  };
}

function dropStaleResponse(s: TlaState, i: string, m: TlaMessage): TlaState | null {
  if (!(m.mterm < s.currentTerm[i])) return null;
  return discard(s, m);
}

/** Receive(m): the successors of its disjuncts (raft.tla makes them exclusive; checked here). */
function receive(s: TlaState, m: TlaMessage, fired?: Set<string>): TlaState[] {
  const i = m.mdest;
  const j = m.msource;
  const named: [string, TlaState | null][] = [['UpdateTerm', updateTerm(s, i, m)]];
  if (m.mtype === 'RequestVoteRequest') named.push(['HandleRequestVoteRequest', handleRequestVoteRequest(s, i, j, m)]);
  if (m.mtype === 'RequestVoteResponse') {
    named.push(['DropStaleRequestVoteResponse', dropStaleResponse(s, i, m)], ['HandleRequestVoteResponse', handleRequestVoteResponse(s, i, j, m)]);
  }
  if (m.mtype === 'AppendEntriesRequest') named.push(['HandleAppendEntriesRequest', handleAppendEntriesRequest(s, i, j, m, fired)]);
  if (m.mtype === 'AppendEntriesResponse') {
    named.push(['DropStaleAppendEntriesResponse', dropStaleResponse(s, i, m)], ['HandleAppendEntriesResponse', handleAppendEntriesResponse(s, i, j, m)]);
  }
  for (const [name, next] of named) if (next !== null) fired?.add(name);
  const enabled = named.map(([, next]) => next).filter((x): x is TlaState => x !== null);
  if (enabled.length > 1) throw new Error(`raft.tla: two disjuncts of Receive enabled at once for ${messageKey(m)}`);
  return enabled;
}

/**
 * Every successor of `s` under Next, one per enabled action instance (so equal successors of
 * different instances are listed once each, as TLC generates them). `fired`, when given,
 * collects the names of the Receive disjuncts that produced a successor.
 */
export function successors(s: TlaState, cfg: ReferenceConfig, fired?: Set<string>): TlaState[] {
  const out: (TlaState | null)[] = [];
  const S = cfg.servers;
  for (const i of S) out.push(restart(s, i, cfg));
  for (const i of S) out.push(timeout(s, i));
  for (const i of S) for (const j of S) out.push(requestVote(s, i, j));
  for (const i of S) out.push(becomeLeader(s, i, cfg));
  for (const i of S) for (const v of cfg.values) out.push(clientRequest(s, i, v));
  for (const i of S) out.push(advanceCommitIndex(s, i, cfg));
  for (const i of S) for (const j of S) out.push(appendEntries(s, i, j));
  for (const k of s.messages.keys()) out.push(...receive(s, messageOf(k), fired));
  for (const k of s.messages.keys()) out.push(send(s, messageOf(k))); // DuplicateMessage
  for (const k of s.messages.keys()) out.push(discard(s, messageOf(k))); // DropMessage
  return out.filter((x): x is TlaState => x !== null);
}

/** The CONSTRAINT of MCraft.tla. */
export function withinConstraint(s: TlaState, cfg: ReferenceConfig): boolean {
  for (const i of cfg.servers) if (s.currentTerm[i] > cfg.maxTerm || s.log[i].length > cfg.maxLogLength) return false;
  for (const n of s.messages.values()) if (n > cfg.maxCopies) return false;
  return s.messages.size <= cfg.maxInFlight;
}

export interface ReferenceResult {
  readonly distinctStates: number;
  readonly statesGenerated: number;
  /** Fingerprints of every distinct state, when asked for. */
  readonly fingerprints?: ReadonlySet<string>;
}

/**
 * Breadth-first exploration of raft.tla under the constraint, counting as TLC does.
 * Example: `exploreReference({ servers: ['s1'], values: ['v1'], maxTerm: 1, ... }).distinctStates`.
 */
export function exploreReference(cfg: ReferenceConfig, keepFingerprints = false): ReferenceResult {
  const seen = new Set<string>();
  const init = initialState(cfg);
  let generated = 1;
  const queue: TlaState[] = [];
  if (withinConstraint(init, cfg)) {
    seen.add(fingerprintOf(init, cfg.servers));
    queue.push(init);
  }
  for (let head = 0; head < queue.length; head++) {
    const current = queue[head];
    queue[head] = undefined as never; // expanded states are not needed again
    for (const next of successors(current, cfg)) {
      generated++;
      if (!withinConstraint(next, cfg)) continue;
      const fp = fingerprintOf(next, cfg.servers);
      if (seen.has(fp)) continue;
      seen.add(fp);
      queue.push(next);
    }
  }
  return { distinctStates: seen.size, statesGenerated: generated, fingerprints: keepFingerprints ? seen : undefined };
}
