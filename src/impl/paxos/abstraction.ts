import type { AcceptorState, PaxosAcceptor } from './acceptor.ts';
import type { LearnerAbstractState, PaxosLearner } from './learner.ts';
import type { PaxosProposer, ProposerAbstractState } from './proposer.ts';

/**
 * The abstraction functions of the Paxos roles: each role's state as plain data under the
 * names of Lamport's Paxos.tla (maxBal, maxVBal, maxVal for an acceptor) or of the paper.
 *
 * Example: a fresh acceptor gives `{ maxBal: -1, maxVBal: -1, maxVal: null }`.
 */
export function acceptorAbstraction(a: PaxosAcceptor): AcceptorState {
  return a.state();
}

/**
 * A proposer as `{ ballot, phase, value, promisedBy, proposal }` (see ProposerAbstractState).
 *
 * Example: after `propose('x')` with index 0, `{ ballot: 0, phase: 'preparing', value: 'x', promisedBy: [], proposal: null }`.
 */
export function proposerAbstraction(p: PaxosProposer): ProposerAbstractState {
  return p.abstractState();
}

/**
 * A learner as `{ learned, votes }` (see LearnerAbstractState).
 *
 * Example: a fresh learner gives `{ learned: null, votes: [] }`.
 */
export function learnerAbstraction(l: PaxosLearner): LearnerAbstractState {
  return l.abstractState();
}
