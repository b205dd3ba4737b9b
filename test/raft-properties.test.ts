import { describe, expect, it } from 'vitest';
import {
  conflictingEntryOverwritten,
  electionSafety,
  leaderAppendOnlyHolds,
  leaderCompleteness,
  logMatching,
  stateMachineSafety,
} from '../spec/raft/properties.ts';
import type { RaftEntry, RaftServerView, RaftView } from '../spec/raft/view.ts';

/** The predicates of spec/raft on small views worked out by hand. */

const e = (term: number, value = 'v1'): RaftEntry => ({ term, value });
function srv(id: string, fields: Partial<RaftServerView>): RaftServerView {
  return { id, role: 'follower', currentTerm: 0, votedFor: null, log: [], commitIndex: 0, up: true, ...fields };
}
const view = (...servers: RaftServerView[]): RaftView => ({ servers });

describe('ElectionSafety', () => {
  it('two leaders of different terms are allowed; of one term they are not', () => {
    expect(electionSafety.holds(view(srv('s1', { role: 'leader', currentTerm: 1 }), srv('s2', { role: 'leader', currentTerm: 2 })))).toBe(true);
    expect(electionSafety.holds(view(srv('s1', { role: 'leader', currentTerm: 2 }), srv('s2', { role: 'leader', currentTerm: 2 })))).toBe(false);
  });
});

describe('LogMatching', () => {
  it('same term at index 2 but different entries at index 1 breaks it', () => {
    expect(logMatching.holds(view(srv('s1', { log: [e(1), e(2)] }), srv('s2', { log: [e(1, 'v2'), e(2)] })))).toBe(false);
  });
  it('logs that diverge after a shared prefix, with different terms at the divergence, keep it', () => {
    expect(logMatching.holds(view(srv('s1', { log: [e(1), e(2)] }), srv('s2', { log: [e(1), e(3), e(3)] })))).toBe(true);
  });
});

describe('LeaderCompleteness (history-free form)', () => {
  const committed = srv('s2', { currentTerm: 2, log: [e(1)], commitIndex: 1 });
  it('a leader of a term at least as late without a committed entry breaks it', () => {
    expect(leaderCompleteness.holds(view(srv('s1', { role: 'leader', currentTerm: 2, log: [] }), committed))).toBe(false);
    expect(leaderCompleteness.holds(view(srv('s1', { role: 'leader', currentTerm: 3, log: [e(3)] }), committed))).toBe(false);
  });
  it('a leader of an earlier term is not compared; one holding the entry is fine', () => {
    expect(leaderCompleteness.holds(view(srv('s1', { role: 'leader', currentTerm: 1, log: [] }), committed))).toBe(true);
    expect(leaderCompleteness.holds(view(srv('s1', { role: 'leader', currentTerm: 3, log: [e(1), e(3)] }), committed))).toBe(true);
  });
});

describe('StateMachineSafety', () => {
  it('committed prefixes must agree; uncommitted entries may differ', () => {
    expect(stateMachineSafety.holds(view(srv('s1', { log: [e(1), e(2)], commitIndex: 1 }), srv('s2', { log: [e(1), e(3)], commitIndex: 2 })))).toBe(true);
    expect(stateMachineSafety.holds(view(srv('s1', { log: [e(1)], commitIndex: 1 }), srv('s2', { log: [e(2)], commitIndex: 1 })))).toBe(false);
  });
});

describe('LeaderAppendOnly', () => {
  const before = view(srv('s1', { role: 'leader', currentTerm: 1, log: [e(1)] }));
  it('appending is fine; replacing an entry while leader of the same term is not', () => {
    expect(leaderAppendOnlyHolds(before, view(srv('s1', { role: 'leader', currentTerm: 1, log: [e(1), e(1)] })))).toBe(true);
    expect(leaderAppendOnlyHolds(before, view(srv('s1', { role: 'leader', currentTerm: 1, log: [e(2)] })))).toBe(false);
  });
  it('a leader that stepped down may lose entries', () => {
    expect(leaderAppendOnlyHolds(before, view(srv('s1', { role: 'follower', currentTerm: 2, log: [e(2)] })))).toBe(true);
  });
});

describe('ConflictingEntryOverwritten', () => {
  const follower = srv('s1', { currentTerm: 2, log: [e(1)] });
  const request = { from: 's2', to: 's1', term: 2, prevLogIndex: 0, prevLogTerm: 0, entries: [e(2)], leaderCommit: 0 };
  it('holds when a request in flight would replace an entry of another term', () => {
    expect(conflictingEntryOverwritten.holds({ servers: [follower], appendEntriesInFlight: [request] })).toBe(true);
  });
  it('does not hold for an agreeing entry, a stale request, a failed consistency check, or no request at all', () => {
    expect(conflictingEntryOverwritten.holds({ servers: [follower], appendEntriesInFlight: [{ ...request, entries: [e(1)] }] })).toBe(false);
    expect(conflictingEntryOverwritten.holds({ servers: [follower], appendEntriesInFlight: [{ ...request, term: 1 }] })).toBe(false);
    expect(conflictingEntryOverwritten.holds({ servers: [follower], appendEntriesInFlight: [{ ...request, prevLogIndex: 1, prevLogTerm: 2 }] })).toBe(false);
    expect(conflictingEntryOverwritten.holds({ servers: [follower] })).toBe(false);
  });
});
