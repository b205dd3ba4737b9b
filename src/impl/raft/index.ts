/** The Raft core and what comes with it; see core.ts for the design. */
export { RaftNode, type RaftRole } from './core.ts';
export { type RaftConfig, resolveRaftConfig } from './config.ts';
export { RaftLog, isAtLeastAsUpToDate } from './log.ts';
export * from './messages.ts';
export * from './ready.ts';
export { MemoryStorage } from './storage.ts';
export { raftAbstraction, appendEntriesAbstraction, type RaftAbstractState, type RaftAppendEntriesAbstract } from './abstraction.ts';
export { seededRandom, type RandomSource } from '../random.ts';
export { InvariantViolation, CoreUsageError } from '../invariant.ts';
