/** The Paxos roles and what comes with them. */
export { PaxosAcceptor, type AcceptorConfig, type AcceptorState } from './acceptor.ts';
export { PaxosProposer, type ProposerConfig, type ProposerPhase, type ProposerState, type ProposerAbstractState } from './proposer.ts';
export { PaxosLearner, type LearnerConfig, type LearnerAbstractState } from './learner.ts';
export { acceptorAbstraction, proposerAbstraction, learnerAbstraction } from './abstraction.ts';
export { nextBallotAbove, ownsBallot } from './ballot.ts';
export * from './messages.ts';
export * from './ready.ts';
export { seededRandom, type RandomSource } from '../random.ts';
export { InvariantViolation, CoreUsageError } from '../invariant.ts';
