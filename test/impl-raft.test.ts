import { describe, expect, it } from 'vitest';
import { raftAbstraction } from '../src/impl/raft/abstraction.ts';
import { RaftNode } from '../src/impl/raft/core.ts';
import type { RaftMessage } from '../src/impl/raft/messages.ts';
import { CoreUsageError, InvariantViolation } from '../src/impl/invariant.ts';
import { seededRandom } from '../src/impl/random.ts';
import { RaftSim } from './support/impl-raft-sim.ts';

// Transcript tests in the style of etcd's interaction tests: each command is followed by the
// messages it caused, worked out by hand from Figure 2 of the Raft paper. Three servers, so a
// quorum is 2.

const ids = ['n1', 'n2', 'n3'];

function electN1(sim: RaftSim): void {
  sim.campaign('n1');
  sim.deliverAll();
}

describe('raft core: leader election', () => {
  it('elects n1 in a 3-node cluster with one vote besides its own', () => {
    const sim = new RaftSim({ ids, seed: 1 });
    expect(sim.campaign('n1')).toEqual([
      'n1->n2 RequestVote term=1 lastLogIndex=0 lastLogTerm=0',
      'n1->n3 RequestVote term=1 lastLogIndex=0 lastLogTerm=0',
    ]);
    expect(raftAbstraction(sim.node('n1'))).toEqual({ id: 'n1', role: 'candidate', currentTerm: 1, votedFor: 'n1', log: [], commitIndex: 0 });
    // The vote and the new term are persisted before the requests go out.
    expect(sim.readies.get('n1')![0]!.hardState).toEqual({ currentTerm: 1, votedFor: 'n1' });

    expect(sim.deliver('n1->n2')).toEqual(['n2->n1 RequestVoteResult term=1 voteGranted=true']);
    // Two votes of three: n1 leads and sends its initial empty AppendEntries.
    expect(sim.deliver('n2->n1')).toEqual([
      'n1->n2 AppendEntries term=1 prev=0/0 entries=[] commit=0',
      'n1->n3 AppendEntries term=1 prev=0/0 entries=[] commit=0',
    ]);
    expect(sim.node('n1').role).toBe('leader');
    // n3's late vote changes nothing.
    expect(sim.deliver('n1->n3 RequestVote')).toEqual(['n3->n1 RequestVoteResult term=1 voteGranted=true']);
    expect(sim.deliver('n3->n1')).toEqual([]);
    expect(sim.deliver('n1->n3 AppendEntries')).toEqual(['n3->n1 AppendEntriesResult term=1 success=true matchIndex=0']);
    expect(raftAbstraction(sim.node('n3'))).toEqual({ id: 'n3', role: 'follower', currentTerm: 1, votedFor: 'n1', log: [], commitIndex: 0 });
    expect(sim.node('n3').leaderId).toBe('n1');
  });

  it('a voter rejects a candidate whose log is behind its own (section 5.4.1)', () => {
    const sim = new RaftSim({ ids, seed: 1 });
    electN1(sim);
    sim.propose('n1', 'x');
    expect(sim.drop('n1->')).toBe(2); // 1:x stays on n1 alone
    expect(sim.campaign('n2')).toEqual([
      'n2->n1 RequestVote term=2 lastLogIndex=0 lastLogTerm=0',
      'n2->n3 RequestVote term=2 lastLogIndex=0 lastLogTerm=0',
    ]);
    // n1's last term (1) is later than n2's (0): no vote, but n1 adopts term 2 and steps down.
    expect(sim.deliver('n2->n1')).toEqual(['n1->n2 RequestVoteResult term=2 voteGranted=false']);
    expect(raftAbstraction(sim.node('n1'))).toEqual({ id: 'n1', role: 'follower', currentTerm: 2, votedFor: null, log: [{ term: 1, value: 'x' }], commitIndex: 0 });
    // n3's log is as empty as n2's: it grants.
    expect(sim.deliver('n2->n3')).toEqual(['n3->n2 RequestVoteResult term=2 voteGranted=true']);
  });

  it('a server votes at most once per term', () => {
    const sim = new RaftSim({ ids, seed: 1 });
    sim.campaign('n1');
    sim.campaign('n2');
    expect(sim.deliver('n1->n3')).toEqual(['n3->n1 RequestVoteResult term=1 voteGranted=true']);
    expect(sim.deliver('n2->n3')).toEqual(['n3->n2 RequestVoteResult term=1 voteGranted=false']);
    // A duplicate of the request it granted is granted again: same candidate, same term.
    sim.queue.push({ type: 'RequestVote', from: 'n1', to: 'n3', term: 1, candidateId: 'n1', lastLogIndex: 0, lastLogTerm: 0 });
    expect(sim.deliver('n1->n3')).toEqual(['n3->n1 RequestVoteResult term=1 voteGranted=true']);
  });

  it('elections are driven by ticks: nobody campaigns before electionTicks, timeouts are drawn in [e, 2e)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const sim = new RaftSim({ ids, seed, electionTicks: 10 });
      for (const id of ids) {
        const t = sim.node(id).randomizedElectionTimeout;
        expect(t).toBeGreaterThanOrEqual(10);
        expect(t).toBeLessThan(20);
      }
      for (let k = 1; k <= 9; k++) expect(sim.tickAll()).toEqual([]);
      let ticks = 9;
      while (![...sim.nodes.values()].some((n) => n.role === 'leader')) {
        sim.tickAll();
        sim.deliverAll();
        ticks++;
        expect(ticks).toBeLessThan(200);
      }
      const leaders = [...sim.nodes.values()].filter((n) => n.role === 'leader');
      expect(leaders).toHaveLength(1);
      for (const n of sim.nodes.values()) expect(n.currentTerm).toBe(leaders[0]!.currentTerm);
    }
  });

  it('the same seed gives the same run', () => {
    const transcript = (seed: number) => {
      const sim = new RaftSim({ ids, seed, electionTicks: 5 });
      const lines: string[] = [];
      for (let k = 0; k < 30; k++) lines.push(...sim.tickAll(), ...sim.deliverAll());
      return lines;
    };
    expect(transcript(7)).toEqual(transcript(7));
    expect(transcript(7).length).toBeGreaterThan(0);
  });
});

describe('raft core: log replication', () => {
  it('replicates an entry, commits it on a majority, and tells the followers', () => {
    const sim = new RaftSim({ ids, seed: 1 });
    electN1(sim);
    expect(sim.propose('n1', 'a')).toEqual([
      'n1->n2 AppendEntries term=1 prev=0/0 entries=[1:a] commit=0',
      'n1->n3 AppendEntries term=1 prev=0/0 entries=[1:a] commit=0',
    ]);
    expect(sim.deliver('n1->n2')).toEqual(['n2->n1 AppendEntriesResult term=1 success=true matchIndex=1']);
    // n1 and n2 hold 1:a, a majority of a current-term entry: committed, and said so at once.
    expect(sim.deliver('n2->n1')).toEqual([
      'n1->n2 AppendEntries term=1 prev=1/1 entries=[] commit=1',
      'n1->n3 AppendEntries term=1 prev=0/0 entries=[1:a] commit=1',
    ]);
    expect(sim.node('n1').commitIndex).toBe(1);
    expect(sim.applied.get('n1')!.map((e) => e.value)).toEqual(['a']);
    expect(sim.node('n2').commitIndex).toBe(0);
    // The first request reaches n3: it appends but cannot know the entry is committed.
    expect(sim.deliver('n1->n3')).toEqual(['n3->n1 AppendEntriesResult term=1 success=true matchIndex=1']);
    expect(sim.node('n3').commitIndex).toBe(0);
    sim.deliverAll();
    for (const id of ids) {
      expect(raftAbstraction(sim.node(id)).log).toEqual([{ term: 1, value: 'a' }]);
      expect(sim.node(id).commitIndex).toBe(1);
      expect(sim.applied.get(id)!.map((e) => e.value)).toEqual(['a']);
      expect(sim.disks.get(id)!.state().log).toEqual([{ term: 1, value: 'a' }]);
    }
  });

  it('walks nextIndex back one entry per rejection until the logs match', () => {
    const sim = new RaftSim({ ids, seed: 1 });
    electN1(sim);
    sim.crash('n3'); // n3 misses both entries
    sim.propose('n1', 'a');
    sim.propose('n1', 'b');
    sim.deliverAll();
    sim.restart('n3');
    expect(sim.node('n1').commitIndex).toBe(2);
    // A fresh leader of term 2 knows nothing of n3: it starts from its own last index + 1.
    sim.crash('n1');
    sim.restart('n1');
    sim.campaign('n1');
    sim.drop('n1->n3');
    expect(sim.deliver('n1->n2')).toEqual(['n2->n1 RequestVoteResult term=2 voteGranted=true']);
    expect(sim.deliver('n2->n1')).toEqual([
      'n1->n2 AppendEntries term=2 prev=2/1 entries=[] commit=0',
      'n1->n3 AppendEntries term=2 prev=2/1 entries=[] commit=0',
    ]);
    expect(sim.deliver('n1->n3')).toEqual(['n3->n1 AppendEntriesResult term=2 success=false matchIndex=0']);
    expect(sim.deliver('n3->n1')).toEqual(['n1->n3 AppendEntries term=2 prev=1/1 entries=[1:b] commit=0']);
    expect(sim.deliver('n1->n3')).toEqual(['n3->n1 AppendEntriesResult term=2 success=false matchIndex=0']);
    expect(sim.deliver('n3->n1')).toEqual(['n1->n3 AppendEntries term=2 prev=0/0 entries=[1:a,1:b] commit=0']);
    expect(sim.deliver('n1->n3')).toEqual(['n3->n1 AppendEntriesResult term=2 success=true matchIndex=2']);
    // Both entries are on all three servers now, but they are of term 1: nothing to commit or send.
    expect(sim.deliver('n3->n1')).toEqual([]);
    expect(sim.node('n1').progress()).toEqual({ nextIndex: { n2: 3, n3: 3 }, matchIndex: { n2: 0, n3: 2 } });
    expect(sim.node('n1').commitIndex).toBe(0);
  });

  it('with maxEntriesPerMessage 1, every AppendEntries carries at most one entry', () => {
    const sim = new RaftSim({ ids, seed: 3, maxEntriesPerMessage: 1 });
    electN1(sim);
    const sent = [...sim.propose('n1', 'a'), ...sim.propose('n1', 'b'), ...sim.propose('n1', 'c'), ...sim.deliverAll()];
    const appends = sent.filter((l) => l.includes(' AppendEntries '));
    expect(appends.length).toBeGreaterThan(0);
    for (const l of appends) expect(l).toMatch(/entries=\[(\d+:\w)?\] /);
    for (const id of ids) {
      expect(sim.node(id).entries().map((e) => e.value)).toEqual(['a', 'b', 'c']);
      expect(sim.node(id).commitIndex).toBe(3);
    }
  });

  it('a leader sends heartbeats every heartbeatTicks ticks', () => {
    const sim = new RaftSim({ ids, seed: 1, heartbeatTicks: 3, electionTicks: 10 });
    electN1(sim);
    expect(sim.tick('n1')).toEqual([]);
    expect(sim.tick('n1')).toEqual([]);
    expect(sim.tick('n1')).toEqual([
      'n1->n2 AppendEntries term=1 prev=0/0 entries=[] commit=0',
      'n1->n3 AppendEntries term=1 prev=0/0 entries=[] commit=0',
    ]);
  });
});

describe('raft core: leader changes (Figures 7 and 8)', () => {
  it('a new leader overwrites a conflicting uncommitted entry, and only that', () => {
    const sim = new RaftSim({ ids, seed: 1 });
    electN1(sim);
    sim.propose('n1', 'x');
    sim.drop('n1->'); // 1:x is on n1 only, uncommitted
    sim.campaign('n2');
    sim.deliver('n2->n1'); // rejected: n1's log is ahead
    sim.deliver('n2->n3');
    sim.deliver('n1->n2');
    expect(sim.deliver('n3->n2')).toEqual([
      'n2->n1 AppendEntries term=2 prev=0/0 entries=[] commit=0',
      'n2->n3 AppendEntries term=2 prev=0/0 entries=[] commit=0',
    ]);
    sim.propose('n2', 'y');
    // An empty AppendEntries that matches at index 0 conflicts with nothing: 1:x stays.
    expect(sim.deliver('n2->n1 AppendEntries term=2 prev=0/0 entries=[]')).toEqual(['n1->n2 AppendEntriesResult term=2 success=true matchIndex=0']);
    expect(sim.node('n1').entries()).toEqual([{ term: 1, value: 'x' }]);
    // 2:y conflicts with 1:x at index 1: truncate from 1, then append.
    expect(sim.deliver('n2->n1 AppendEntries term=2 prev=0/0 entries=[2:y]')).toEqual(['n1->n2 AppendEntriesResult term=2 success=true matchIndex=1']);
    const rd = sim.readies.get('n1')!.at(-1)!;
    expect(rd.truncateFrom).toBe(1);
    expect(rd.entries).toEqual([{ index: 1, term: 2, value: 'y' }]);
    expect(sim.disks.get('n1')!.state().log).toEqual([{ term: 2, value: 'y' }]);
    sim.deliverAll();
    for (const id of ids) {
      expect(sim.node(id).entries()).toEqual([{ term: 2, value: 'y' }]);
      expect(sim.applied.get(id)!.map((e) => e.value)).toEqual(['y']);
    }
  });

  it('the consistency check compares the term at prevLogIndex, not only the log length', () => {
    const sim = new RaftSim({ ids, seed: 1 });
    electN1(sim);
    sim.propose('n1', 'x');
    sim.drop('n1->'); // n1 alone holds 1:x
    sim.crash('n1');
    sim.campaign('n2');
    sim.deliverAll(); // n3 elects n2 for term 2
    sim.propose('n2', 'y');
    sim.deliverAll(); // n3 stores 2:y
    sim.crash('n2');
    sim.restart('n2');
    sim.restart('n1');
    sim.campaign('n2'); // term 3, log [2:y]
    sim.drop('n2->n1');
    sim.deliver('n2->n3');
    sim.deliver('n3->n2');
    sim.drop('n2->n1'); // the initial heartbeat is lost
    expect(sim.node('n2').role).toBe('leader');
    expect(sim.sendAppend('n2', 'n1')).toEqual(['n2->n1 AppendEntries term=3 prev=1/2 entries=[] commit=0']);
    // n1 has an entry at index 1, but of term 1: the logs do not match there.
    expect(sim.deliver('n2->n1')).toEqual(['n1->n2 AppendEntriesResult term=3 success=false matchIndex=0']);
    expect(sim.node('n1').entries()).toEqual([{ term: 1, value: 'x' }]);
    expect(sim.deliver('n1->n2')).toEqual(['n2->n1 AppendEntries term=3 prev=0/0 entries=[2:y] commit=0']);
  });

  it('a stale AppendEntries that arrives late never cuts newer entries', () => {
    const sim = new RaftSim({ ids, seed: 1 });
    electN1(sim);
    sim.propose('n1', 'a');
    sim.propose('n1', 'b');
    // n2 receives the second request ([1:a,1:b]) before the first ([1:a]).
    sim.queue.reverse();
    sim.deliver('n1->n2 AppendEntries term=1 prev=0/0 entries=[1:a,1:b]');
    expect(sim.deliver('n1->n2 AppendEntries term=1 prev=0/0 entries=[1:a]')).toEqual(['n2->n1 AppendEntriesResult term=1 success=true matchIndex=1']);
    expect(sim.node('n2').entries().map((e) => e.value)).toEqual(['a', 'b']);
  });

  it('an entry of an earlier term is not committed by counting replicas, only with a current-term entry (Figure 8)', () => {
    const sim = new RaftSim({ ids, seed: 1 });
    electN1(sim);
    sim.propose('n1', 'a');
    sim.drop('n1->'); // 1:a only on n1
    sim.campaign('n2'); // term 2, elected by n3
    sim.deliver('n2->n1');
    sim.deliver('n2->n3');
    sim.deliver('n1->n2');
    sim.deliver('n3->n2');
    sim.drop('n2->'); // n2's heartbeats are lost
    expect(sim.campaign('n1')).toEqual([
      'n1->n2 RequestVote term=3 lastLogIndex=1 lastLogTerm=1',
      'n1->n3 RequestVote term=3 lastLogIndex=1 lastLogTerm=1',
    ]);
    sim.drop('n1->n3'); // n3 is cut off from now on
    expect(sim.deliver('n1->n2')).toEqual(['n2->n1 RequestVoteResult term=3 voteGranted=true']);
    expect(sim.deliver('n2->n1')).toEqual([
      'n1->n2 AppendEntries term=3 prev=1/1 entries=[] commit=0',
      'n1->n3 AppendEntries term=3 prev=1/1 entries=[] commit=0',
    ]);
    sim.drop('n1->n3');
    expect(sim.deliver('n1->n2')).toEqual(['n2->n1 AppendEntriesResult term=3 success=false matchIndex=0']);
    expect(sim.deliver('n2->n1')).toEqual(['n1->n2 AppendEntries term=3 prev=0/0 entries=[1:a] commit=0']);
    expect(sim.deliver('n1->n2')).toEqual(['n2->n1 AppendEntriesResult term=3 success=true matchIndex=1']);
    // 1:a is now on n1 and n2, a majority, but its term is 1, not 3: no commit.
    expect(sim.deliver('n2->n1')).toEqual([]);
    expect(sim.node('n1').commitIndex).toBe(0);
    expect(sim.node('n1').advanceCommit()).toBe(false);
    // A term-3 entry on the same majority commits both.
    expect(sim.propose('n1', 'c')).toEqual([
      'n1->n2 AppendEntries term=3 prev=1/1 entries=[3:c] commit=0',
      'n1->n3 AppendEntries term=3 prev=1/1 entries=[3:c] commit=0',
    ]);
    sim.deliver('n1->n2');
    expect(sim.deliver('n2->n1')).toEqual([
      'n1->n2 AppendEntries term=3 prev=2/3 entries=[] commit=2',
      'n1->n3 AppendEntries term=3 prev=1/1 entries=[3:c] commit=2',
    ]);
    expect(sim.node('n1').commitIndex).toBe(2);
    expect(sim.applied.get('n1')!.map((e) => `${e.term}:${e.value}`)).toEqual(['1:a', '3:c']);
  });

  it('with commitEagerly off, only advanceCommit() applies the commit rule', () => {
    const n1 = new RaftNode({ id: 'n1', peers: ids, random: seededRandom(1), commitEagerly: false });
    n1.campaign();
    n1.ready();
    n1.advance();
    n1.step({ type: 'RequestVoteResult', from: 'n2', to: 'n1', term: 1, voteGranted: true });
    n1.propose('v');
    n1.step({ type: 'AppendEntriesResult', from: 'n2', to: 'n1', term: 1, success: true, matchIndex: 1, prevLogIndex: 0 });
    expect(n1.commitIndex).toBe(0);
    expect(n1.advanceCommit()).toBe(true);
    expect(n1.commitIndex).toBe(1);
  });
});

describe('raft core: restart from persisted state', () => {
  it('keeps term, vote and log; resets role, commitIndex and the state machine', () => {
    const sim = new RaftSim({ ids, seed: 1 });
    electN1(sim);
    sim.propose('n1', 'a');
    sim.deliverAll();
    expect(sim.node('n2').commitIndex).toBe(1);
    sim.crash('n2');
    sim.restart('n2');
    expect(raftAbstraction(sim.node('n2'))).toEqual({ id: 'n2', role: 'follower', currentTerm: 1, votedFor: 'n1', log: [{ term: 1, value: 'a' }], commitIndex: 0 });
    expect(sim.node('n2').lastApplied).toBe(0);
    // The persisted vote holds: another candidate of term 1 is refused.
    sim.queue.push({ type: 'RequestVote', from: 'n3', to: 'n2', term: 1, candidateId: 'n3', lastLogIndex: 1, lastLogTerm: 1 });
    expect(sim.deliver('n3->n2')).toEqual(['n2->n3 RequestVoteResult term=1 voteGranted=false']);
    // The next heartbeat tells it the commit index again; it re-applies from index 1.
    expect(sim.tick('n1')).toContain('n1->n2 AppendEntries term=1 prev=1/1 entries=[] commit=1');
    sim.deliver('n1->n2');
    expect(sim.node('n2').commitIndex).toBe(1);
    expect(sim.applied.get('n2')!.map((e) => e.value)).toEqual(['a']);
  });

  it('a restarted leader comes back as a follower of the same term', () => {
    const sim = new RaftSim({ ids, seed: 1 });
    electN1(sim);
    sim.crash('n1');
    sim.restart('n1');
    expect(raftAbstraction(sim.node('n1'))).toMatchObject({ role: 'follower', currentTerm: 1, votedFor: 'n1' });
  });
});

describe('raft core: a single server', () => {
  it('is its own majority: elected on campaign, commits on propose', () => {
    const n = new RaftNode({ id: 'solo', peers: ['solo'], random: seededRandom(1) });
    n.campaign();
    expect(n.role).toBe('leader');
    expect(n.propose('a')).toEqual({ index: 1, term: 1 });
    expect(n.commitIndex).toBe(1);
    const rd = n.ready();
    expect(rd.hardState).toEqual({ currentTerm: 1, votedFor: 'solo' });
    expect(rd.entries).toEqual([{ index: 1, term: 1, value: 'a' }]);
    expect(rd.committedEntries).toEqual([{ index: 1, term: 1, value: 'a' }]);
    expect(rd.messages).toEqual([]);
    n.advance();
    expect(n.lastApplied).toBe(1);
    expect(n.hasReady()).toBe(false);
  });
});

describe('raft core: usage errors and invariants', () => {
  const newNode = (id = 'n1') => new RaftNode({ id, peers: ids, random: seededRandom(1) });
  const lead = (n: RaftNode) => {
    n.campaign();
    n.step({ type: 'RequestVoteResult', from: 'n2', to: n.id, term: 1, voteGranted: true });
    n.ready();
    n.advance();
  };

  it('rejects input between ready() and advance()', () => {
    const n = newNode();
    n.campaign();
    n.ready();
    expect(() => n.tick()).toThrow(CoreUsageError);
    n.advance();
    expect(() => n.tick()).not.toThrow();
  });

  it('rejects a message addressed to another server, and bad configurations', () => {
    const n = newNode();
    const m: RaftMessage = { type: 'RequestVoteResult', from: 'n2', to: 'n3', term: 1, voteGranted: true };
    expect(() => n.step(m)).toThrow(CoreUsageError);
    expect(() => new RaftNode({ id: 'n1', peers: ids, random: seededRandom(1), electionTicks: 2, heartbeatTicks: 2 })).toThrow(CoreUsageError);
    expect(() => new RaftNode({ id: 'n1', peers: ids, random: seededRandom(1), maxEntriesPerMessage: 0 })).toThrow(CoreUsageError);
  });

  it('a follower refuses, and a leader ignores, anything from an older term', () => {
    const n = newNode();
    lead(n);
    n.step({ type: 'AppendEntries', from: 'n2', to: 'n1', term: 0, leaderId: 'n2', prevLogIndex: 0, prevLogTerm: 0, entries: [{ term: 0, value: 'old' }], leaderCommit: 0 });
    const rd = n.ready();
    expect(rd.messages).toEqual([{ type: 'AppendEntriesResult', from: 'n1', to: 'n2', term: 1, success: false, matchIndex: 0, prevLogIndex: 0 }]);
    expect(n.role).toBe('leader');
  });

  it('throws ElectionSafety when a leader hears from another leader of its own term', () => {
    const n = newNode();
    lead(n);
    const bogus: RaftMessage = { type: 'AppendEntries', from: 'n2', to: 'n1', term: 1, leaderId: 'n2', prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0 };
    expect(() => n.step(bogus)).toThrow(InvariantViolation);
    expect(() => n.step(bogus)).toThrow(/ElectionSafety/);
  });

  it('throws CommittedEntryNeverTruncated when told to overwrite a committed entry', () => {
    const n = newNode('n2');
    n.step({ type: 'AppendEntries', from: 'n1', to: 'n2', term: 1, leaderId: 'n1', prevLogIndex: 0, prevLogTerm: 0, entries: [{ term: 1, value: 'a' }], leaderCommit: 1 });
    n.ready();
    n.advance();
    expect(n.commitIndex).toBe(1);
    // A (broken) leader of term 2 whose log lacks the committed entry.
    const bad: RaftMessage = { type: 'AppendEntries', from: 'n3', to: 'n2', term: 2, leaderId: 'n3', prevLogIndex: 0, prevLogTerm: 0, entries: [{ term: 2, value: 'z' }], leaderCommit: 0 };
    expect(() => n.step(bad)).toThrow(/CommittedEntryNeverTruncated/);
  });

  it('throws MatchIndexWithinLeaderLog when a follower acknowledges entries the leader never had', () => {
    const n = newNode();
    lead(n);
    expect(() => n.step({ type: 'AppendEntriesResult', from: 'n2', to: 'n1', term: 1, success: true, matchIndex: 5, prevLogIndex: 0 })).toThrow(/MatchIndexWithinLeaderLog/);
  });
});
