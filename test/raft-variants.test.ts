import { beforeAll, describe, expect, it } from 'vitest';
import { protocol } from '../models/raft/index.ts';
import { logWithClientEntry, passesConsistencyCheck } from '../models/raft/replication.ts';
import { PAPER_RULES, VARIANT_RULES } from '../models/raft/rules.ts';
import type { Entry, ServerContext } from '../models/raft/types.ts';
import { resolveParams, variantOf } from '../src/model/protocol.ts';
import type { ClusterState } from '../src/system/cluster.ts';
import { checkRaft } from './support/raft-run.ts';

/**
 * The three broken variants that give LogMatching, StateMachineSafety and LeaderAppendOnly a
 * counterexample of their own: each one rule of Figure 2 done wrong (models/raft/rules.ts).
 * For each, BFS under the variant's default bounds must end in the property it names, at the
 * depth counted by hand below; and the counterexample must be the bug's doing: replayed under
 * the paper's rules, every step but the last gives the same state, and the last one gives a
 * state where every property holds.
 */

const e = (term: number, value = 'v1'): Entry => ({ term, value });
const contextOf = (state: ClusterState, id: string) => state.nodes[id].context as unknown as ServerContext;
const servers = (state: ClusterState) => Object.keys(state.nodes).map((id) => ({ ...contextOf(state, id), role: state.nodes[id].value }));

describe('the rules the variants change, on hand-made logs', () => {
  it('the consistency check: the paper refuses another term at prevLogIndex, no-prev-term-check only asks that the log reach it', () => {
    const log = [e(2)];
    expect(passesConsistencyCheck(log, 1, 1, PAPER_RULES)).toBe(false);
    expect(passesConsistencyCheck(log, 1, 1, VARIANT_RULES['no-prev-term-check'])).toBe(true);
    // Both refuse a prevLogIndex past the end of the log, and both accept a match.
    expect(passesConsistencyCheck(log, 2, 2, VARIANT_RULES['no-prev-term-check'])).toBe(false);
    expect(passesConsistencyCheck(log, 1, 2, PAPER_RULES)).toBe(true);
    expect(passesConsistencyCheck([], 0, 0, VARIANT_RULES['no-prev-term-check'])).toBe(true);
  });

  it('a client value: the paper appends it, leader-overwrites-tail writes it right after commitIndex', () => {
    const log = [e(1, 'v1'), e(1, 'v2'), e(1, 'v3')];
    expect(logWithClientEntry(log, 1, e(1, 'v4'), PAPER_RULES.clientEntryAt)).toEqual([...log, e(1, 'v4')]);
    expect(logWithClientEntry(log, 1, e(1, 'v4'), VARIANT_RULES['leader-overwrites-tail'].clientEntryAt)).toEqual([e(1, 'v1'), e(1, 'v4')]);
    // With nothing uncommitted the broken rule appends too, which is why it takes two requests to show.
    expect(logWithClientEntry(log, 3, e(1, 'v4'), 'after-commit')).toEqual([...log, e(1, 'v4')]);
  });

  it('each variant differs from the paper in exactly one rule', () => {
    for (const name of ['no-prev-term-check', 'commit-on-refusal', 'leader-overwrites-tail'] as const) {
      const rules = VARIANT_RULES[name] as unknown as Record<string, unknown>;
      const paper = PAPER_RULES as unknown as Record<string, unknown>;
      const changed = Object.keys(paper).filter((k) => rules[k] !== paper[k]);
      expect(changed, name).toHaveLength(1);
    }
  });
});

/**
 * Replays a counterexample of `variant` under the paper's rules with the same parameters.
 * Returns whether every step but the last led to the same state, and the paper's last state.
 */
function replayUnderPaperRules(variant: string) {
  const found = checkRaft(variant);
  const violation = found.violation!;
  const paper = protocol.build(found.params, 'default');
  const { states, actions } = violation.trace;
  let state = paper.initialStates()[0];
  let samePrefix = paper.fingerprint(state) === paper.fingerprint(states[0]);
  for (let i = 0; i < actions.length - 1; i++) {
    const next = paper.nextState(state, actions[i]);
    if (next === undefined || paper.fingerprint(next) !== paper.fingerprint(states[i + 1])) samePrefix = false;
    state = next ?? state;
  }
  const lastAction = actions[actions.length - 1];
  const last = paper.nextState(state, lastAction);
  const holdsAll =
    last === undefined ||
    (paper.invariants.every((p) => p.holds(last)) && paper.actionProperties.every((p) => p.holds(state, lastAction, last)));
  return { found, violation, samePrefix, holdsAll };
}

describe('no-prev-term-check breaks LogMatching', () => {
  let run: ReturnType<typeof replayUnderPaperRules>;
  beforeAll(() => {
    run = replayUnderPaperRules('no-prev-term-check');
  }, 120_000);

  it('BFS ends in LogMatching at depth 18, under maxTerm=3 and maxLogLength=2', () => {
    expect(run.found.params).toMatchObject({ maxTerm: 3, maxLogLength: 2, servers: 3, values: 1, maxInFlight: 2 });
    expect(run.violation.property).toBe('LogMatching');
    // Counted by hand. Two logs must agree at index 2 and differ at index 1. An entry at index 2
    // reaches a second server only through an AppendEntries with prevLogIndex 1, so its leader
    // (term t) held an entry of some term a < t at index 1 when it was elected (its nextIndex
    // starts past its log); the receiver holds another term b there, made by a leader of term
    // b, and b is neither a nor t. Three terms, so three elections of 3 steps each (timeout,
    // one RequestVote delivered, its grant delivered): 9. Three client requests (the entries
    // of terms a, b, t): 3. The leader of term a, to be elected again in term t, must first
    // stop being leader (leaders have no timeout): 1 delivery of a newer term. Each timeout
    // sends 2 RequestVotes and maxInFlight=2, so the network is empty before the second and
    // third timeouts: each election's 2 RequestVotes and their 2 replies take 4 deliveries,
    // the election uses 2 and the step-down 1 of term 2's, leaving 2 + 1: 3. The AppendEntries
    // sent and delivered: 2. 9 + 3 + 1 + 3 + 2 = 18.
    expect(run.violation.depth).toBe(18);
  });

  it('ends with two logs that share an entry of term 3 at index 2 over entries of terms 1 and 2 at index 1', () => {
    const last = run.violation.trace.states[run.violation.trace.states.length - 1];
    const logs = servers(last).map((s) => s.log).filter((log) => log.length === 2 && log[1].term === 3);
    expect(logs).toHaveLength(2);
    expect(logs.map((log) => log[0].term).sort()).toEqual([1, 2]);
  });

  it('is the bug\'s doing: under the paper\'s rules the same steps lead to the last one, which breaks nothing', () => {
    expect(run.samePrefix).toBe(true);
    expect(run.holdsAll).toBe(true);
  });
});

describe('commit-on-refusal breaks StateMachineSafety', () => {
  let run: ReturnType<typeof replayUnderPaperRules>;
  beforeAll(() => {
    run = replayUnderPaperRules('commit-on-refusal');
  }, 120_000);

  it('BFS ends in StateMachineSafety at depth 12, under maxInFlight=3', () => {
    expect(run.found.params).toMatchObject({ maxTerm: 2, maxLogLength: 1, servers: 3, values: 1, maxInFlight: 3 });
    expect(run.violation.property).toBe('StateMachineSafety');
    // Counted by hand. Something is committed first: an election (3 steps), a client request
    // (1), the entry sent to a second server, delivered, and the success delivered back, on
    // which the leader commits index 1 (3): 7. The leader then sends AppendEntries with
    // leaderCommit=1 to the third server (1), which must refuse it, or it would take the entry
    // too: in term 1 the leader's nextIndex starts at 1, so prevLogIndex is 0 and matches any
    // log, so the refusal is for an older term, and the third server must reach term 2 first: it
    // hears the term-1 RequestVote and times out (2). Its timeout sends 2 RequestVotes beside
    // the AppendEntries, so with maxInFlight=3 its vote reply of term 1 must be consumed first
    // (1). The refused delivery, which sets commitIndex 1 on an empty log (1). 7 + 1 + 2 + 1 + 1 = 12.
    // Under maxInFlight=2 (measured, not a test) the first violation is LeaderCompleteness at
    // depth 14: making room there took electing a leader of term 2, which that property
    // compares with the third server.
    expect(run.violation.depth).toBe(12);
  });

  it('ends with a server of a later term than the only leader holding commitIndex 1 on an empty log', () => {
    const last = servers(run.violation.trace.states[run.violation.trace.states.length - 1]);
    const leaders = last.filter((s) => s.role === 'leader');
    expect(leaders.map((s) => [s.currentTerm, s.commitIndex, s.log])).toEqual([[1, 1, [e(1)]]]);
    const stale = last.filter((s) => s.commitIndex === 1 && s.log.length === 0);
    expect(stale).toHaveLength(1);
    expect(stale[0].currentTerm).toBe(2);
  });

  it('is the bug\'s doing: under the paper\'s rules the same steps lead to the last one, which breaks nothing', () => {
    expect(run.samePrefix).toBe(true);
    expect(run.holdsAll).toBe(true);
  });
});

describe('leader-overwrites-tail breaks LeaderAppendOnly', () => {
  let run: ReturnType<typeof replayUnderPaperRules>;
  beforeAll(() => {
    run = replayUnderPaperRules('leader-overwrites-tail');
  }, 60_000);

  it('BFS ends in LeaderAppendOnly at depth 5, under values=2', () => {
    expect(run.found.params).toMatchObject({ values: 2, servers: 3, maxTerm: 2, maxLogLength: 1 });
    expect(run.violation.property).toBe('LeaderAppendOnly');
    // Counted by hand: a leader (timeout, one RequestVote delivered, its grant delivered: 3),
    // an uncommitted entry (a client request: 1), and a second request of the other value that
    // replaces it (1): 5. Only a client request changes a leader's log and stays leader, and
    // with one value the overwrite would write back the same entry.
    expect(run.violation.depth).toBe(5);
  });

  it('ends with the leader\'s entry v1 replaced by v2 in the same term', () => {
    const { states } = run.violation.trace;
    const before = servers(states[states.length - 2]).find((s) => s.role === 'leader')!;
    const after = servers(states[states.length - 1]).find((s) => s.id === before.id)!;
    expect([before.log, after.log]).toEqual([[e(1, 'v1')], [e(1, 'v2')]]);
    expect([after.role, after.currentTerm]).toEqual(['leader', before.currentTerm]);
  });

  it('is the bug\'s doing: under the paper\'s rules the same steps lead to the last one, which breaks nothing', () => {
    expect(run.samePrefix).toBe(true);
    expect(run.holdsAll).toBe(true);
  });
});

describe('the variants are registered as documented', () => {
  it('each names the property its counterexample breaks, and the bounds it needs', () => {
    const named = (name: string) => variantOf(protocol, name);
    expect(named('no-prev-term-check')).toMatchObject({ breaks: 'LogMatching', defaults: { maxTerm: 3, maxLogLength: 2 } });
    expect(named('commit-on-refusal')).toMatchObject({ breaks: 'StateMachineSafety', defaults: { maxInFlight: 3 } });
    expect(named('leader-overwrites-tail')).toMatchObject({ breaks: 'LeaderAppendOnly', defaults: { values: 2 } });
    expect(resolveParams(protocol, named('commit-on-refusal'), {}).maxInFlight).toBe(3);
  });
});
