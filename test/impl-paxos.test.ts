import { describe, expect, it } from 'vitest';
import { acceptorAbstraction, learnerAbstraction, proposerAbstraction } from '../src/impl/paxos/abstraction.ts';
import { PaxosAcceptor } from '../src/impl/paxos/acceptor.ts';
import { nextBallotAbove } from '../src/impl/paxos/ballot.ts';
import { PaxosLearner } from '../src/impl/paxos/learner.ts';
import { PaxosProposer } from '../src/impl/paxos/proposer.ts';
import { CoreUsageError, InvariantViolation } from '../src/impl/invariant.ts';
import { PaxosSim } from './support/impl-paxos-sim.ts';

// Transcripts worked out by hand from "Paxos Made Simple", section 2: two proposers (p1 owns
// the even ballots, p2 the odd ones), three acceptors (a majority is 2), one learner.

const small = () => new PaxosSim({ proposers: 2, acceptors: 3, learners: 1, seed: 1 });

describe('paxos ballots', () => {
  it('proposer k of n owns k, k + n, k + 2n, ...', () => {
    expect(nextBallotAbove(-1, 0, 2)).toBe(0);
    expect(nextBallotAbove(-1, 1, 2)).toBe(1);
    expect(nextBallotAbove(4, 1, 3)).toBe(7);
    expect(nextBallotAbove(6, 0, 3)).toBe(9);
    expect(nextBallotAbove(1, 2, 3)).toBe(2);
  });
});

describe('paxos core: one proposer', () => {
  it('a value is chosen after a majority promises and then votes', () => {
    const sim = small();
    expect(sim.propose('p1', 'x')).toEqual(['p1->a1 Prepare bal=0', 'p1->a2 Prepare bal=0', 'p1->a3 Prepare bal=0']);
    expect(proposerAbstraction(sim.proposers.get('p1')!)).toEqual({ ballot: 0, phase: 'preparing', value: 'x', promisedBy: [], proposal: null });
    expect(sim.deliver('p1->a1')).toEqual(['a1->p1 Promise bal=0 mbal=-1 mval=null']);
    expect(sim.deliver('p1->a2')).toEqual(['a2->p1 Promise bal=0 mbal=-1 mval=null']);
    expect(sim.deliver('a1->p1')).toEqual([]);
    // Two promises of three, none reporting a vote: the proposer is free to propose its own value.
    expect(sim.deliver('a2->p1')).toEqual(['p1->a1 Accept bal=0 val=x', 'p1->a2 Accept bal=0 val=x', 'p1->a3 Accept bal=0 val=x']);
    expect(sim.deliver('p1->a1 Accept')).toEqual(['a1->p1 Accepted bal=0 val=x', 'a1->l1 Accepted bal=0 val=x']);
    expect(acceptorAbstraction(sim.acceptors.get('a1')!)).toEqual({ maxBal: 0, maxVBal: 0, maxVal: 'x' });
    expect(sim.acceptorDisks.get('a1')).toEqual({ maxBal: 0, maxVBal: 0, maxVal: 'x' });
    expect(sim.deliver('a1->l1')).toEqual([]);
    expect(sim.learners.get('l1')!.learned).toBeNull();
    sim.deliver('p1->a2 Accept');
    sim.deliver('a2->l1');
    expect(learnerAbstraction(sim.learners.get('l1')!)).toEqual({
      learned: 'x',
      votes: [
        { acceptor: 'a1', bal: 0, val: 'x' },
        { acceptor: 'a2', bal: 0, val: 'x' },
      ],
    });
    expect(sim.learnedReports.get('l1')).toEqual(['x']);
    sim.deliver('a1->p1 Accepted');
    sim.deliver('a2->p1 Accepted');
    expect(sim.proposers.get('p1')!.phase).toBe('chosen');
    // a3 only saw nothing yet: its Prepare and Accept are still queued.
    expect(acceptorAbstraction(sim.acceptors.get('a3')!)).toEqual({ maxBal: -1, maxVBal: -1, maxVal: null });
    sim.deliverAll();
    expect(sim.learnedReports.get('l1')).toEqual(['x']); // reported once, not once per vote
    expect(sim.chosenValues()).toEqual(['x']);
  });
});

describe('paxos core: two proposers', () => {
  it('a higher ballot adopts the value of the highest vote among its promises (P2c)', () => {
    const sim = small();
    sim.propose('p1', 'x');
    sim.deliver('p1->a1');
    sim.deliver('p1->a2');
    sim.deliver('a1->p1');
    sim.deliver('a2->p1');
    sim.deliver('p1->a1 Accept'); // only a1 voted for x: not chosen yet
    expect(sim.propose('p2', 'y')).toEqual(['p2->a1 Prepare bal=1', 'p2->a2 Prepare bal=1', 'p2->a3 Prepare bal=1']);
    expect(sim.deliver('p2->a1')).toEqual(['a1->p2 Promise bal=1 mbal=0 mval=x']);
    expect(sim.deliver('p2->a2')).toEqual(['a2->p2 Promise bal=1 mbal=-1 mval=null']);
    sim.deliver('a1->p2');
    expect(sim.deliver('a2->p2')).toEqual(['p2->a1 Accept bal=1 val=x', 'p2->a2 Accept bal=1 val=x', 'p2->a3 Accept bal=1 val=x']);
    // p1's old Accept reaches a2 after a2 promised ballot 1: refused.
    expect(sim.deliver('p1->a2 Accept')).toEqual(['a2->p1 Nack bal=0 promised=1']);
    sim.deliver('a2->p1 Nack');
    expect(sim.proposers.get('p1')!.phase).toBe('idle');
    sim.deliverAll();
    expect(sim.chosenValues()).toEqual(['x']);
    expect(sim.learners.get('l1')!.learned).toBe('x');
  });

  it('an acceptor refuses a Prepare at or below its promise and an Accept below it', () => {
    const a = new PaxosAcceptor({ id: 'a1', learners: ['l1'] });
    a.step({ type: 'Prepare', from: 'p2', to: 'a1', bal: 3 });
    a.ready();
    a.advance();
    a.step({ type: 'Prepare', from: 'p1', to: 'a1', bal: 3 });
    a.step({ type: 'Prepare', from: 'p1', to: 'a1', bal: 2 });
    a.step({ type: 'Accept', from: 'p1', to: 'a1', bal: 2, val: 'x' });
    const rd = a.ready();
    expect(rd.persist).toBeNull(); // nothing changed
    expect(rd.messages).toEqual([
      { type: 'Nack', from: 'a1', to: 'p1', bal: 3, promised: 3 },
      { type: 'Nack', from: 'a1', to: 'p1', bal: 2, promised: 3 },
      { type: 'Nack', from: 'a1', to: 'p1', bal: 2, promised: 3 },
    ]);
    a.advance();
    // An Accept at the promised ballot is a vote (Paxos.tla Phase2b: m.bal >= maxBal).
    a.step({ type: 'Accept', from: 'p2', to: 'a1', bal: 3, val: 'y' });
    expect(acceptorAbstraction(a)).toEqual({ maxBal: 3, maxVBal: 3, maxVal: 'y' });
  });

  it('duelling proposers with seeded retry timeouts still choose one value', () => {
    const sim = new PaxosSim({ proposers: 2, acceptors: 3, learners: 2, seed: 5, retryTicks: 3 });
    sim.propose('p1', 'x');
    sim.propose('p2', 'y');
    for (let round = 0; round < 50 && sim.chosenValues().length === 0; round++) {
      sim.tick('p1');
      sim.tick('p2');
      for (let k = 0; k < 4; k++) sim.deliverRandom();
    }
    sim.deliverAll();
    expect(sim.chosenValues()).toHaveLength(1);
    const [chosen] = sim.chosenValues();
    expect(sim.learners.get('l1')!.learned).toBe(chosen);
    expect(sim.learners.get('l2')!.learned).toBe(chosen);
  });
});

describe('paxos core: restarts', () => {
  it('a restarted acceptor keeps its promise and its vote', () => {
    const sim = small();
    sim.propose('p2', 'y'); // ballot 1
    sim.deliver('p2->a1');
    sim.restartAcceptor('a1');
    expect(acceptorAbstraction(sim.acceptors.get('a1')!)).toEqual({ maxBal: 1, maxVBal: -1, maxVal: null });
    sim.propose('p1', 'x'); // ballot 0, below a1's promise
    expect(sim.deliver('p1->a1')).toEqual(['a1->p1 Nack bal=0 promised=1']);
  });

  it('a restarted proposer never reuses a ballot', () => {
    const sim = small();
    sim.propose('p1', 'x');
    sim.restartProposer('p1');
    expect(sim.proposers.get('p1')!.ballot).toBe(0);
    expect(sim.propose('p1', 'x')).toEqual(['p1->a1 Prepare bal=2', 'p1->a2 Prepare bal=2', 'p1->a3 Prepare bal=2']);
  });
});

describe('paxos core: invariants and usage errors', () => {
  it('an acceptor asked to vote for two values in one ballot throws OneValuePerBallot', () => {
    const a = new PaxosAcceptor({ id: 'a1', learners: [] });
    a.step({ type: 'Accept', from: 'p1', to: 'a1', bal: 0, val: 'x' });
    a.ready();
    a.advance();
    expect(() => a.step({ type: 'Accept', from: 'p1', to: 'a1', bal: 0, val: 'y' })).toThrow(/OneValuePerBallot/);
  });

  it('a learner that sees a second value chosen throws LearnedValueNeverChanges', () => {
    const l = new PaxosLearner({ id: 'l1', acceptors: ['a1', 'a2', 'a3'] });
    l.step({ type: 'Accepted', from: 'a1', to: 'l1', bal: 0, val: 'x' });
    l.step({ type: 'Accepted', from: 'a2', to: 'l1', bal: 0, val: 'x' });
    expect(l.learned).toBe('x');
    l.step({ type: 'Accepted', from: 'a1', to: 'l1', bal: 1, val: 'y' });
    expect(() => l.step({ type: 'Accepted', from: 'a2', to: 'l1', bal: 1, val: 'y' })).toThrow(InvariantViolation);
  });

  it('a learner counts each acceptor once, and ignores strangers', () => {
    const l = new PaxosLearner({ id: 'l1', acceptors: ['a1', 'a2', 'a3'] });
    l.step({ type: 'Accepted', from: 'a1', to: 'l1', bal: 0, val: 'x' });
    l.step({ type: 'Accepted', from: 'a1', to: 'l1', bal: 0, val: 'x' });
    l.step({ type: 'Accepted', from: 'zz', to: 'l1', bal: 0, val: 'x' });
    expect(l.learned).toBeNull();
  });

  it('a proposer refuses a ballot it does not own, or one not above its current ballot', () => {
    const p = new PaxosProposer({ id: 'p1', acceptors: ['a1', 'a2', 'a3'], index: 0, proposerCount: 2 });
    expect(() => p.prepare(1)).toThrow(CoreUsageError);
    p.prepare(4);
    p.ready();
    p.advance();
    expect(() => p.prepare(2)).toThrow(CoreUsageError);
    expect(() => p.step({ type: 'Prepare', from: 'p2', to: 'a1', bal: 3 })).toThrow(CoreUsageError);
  });

  it('with sendEagerly off, only sendAccept() starts phase 2', () => {
    const p = new PaxosProposer({ id: 'p1', acceptors: ['a1', 'a2', 'a3'], index: 0, proposerCount: 1, sendEagerly: false });
    p.propose('x');
    p.ready();
    p.advance();
    p.step({ type: 'Promise', from: 'a1', to: 'p1', bal: 0, mbal: -1, mval: null });
    expect(p.sendAccept()).toBe(false); // one promise of three is not a majority
    p.step({ type: 'Promise', from: 'a3', to: 'p1', bal: 0, mbal: -1, mval: null });
    expect(p.phase).toBe('preparing');
    expect(p.sendAccept()).toBe(true);
    expect(p.ready().messages.map((m) => `${m.type} ${m.to}`)).toEqual(['Accept a1', 'Accept a2', 'Accept a3']);
  });
});
