import type { PaxosMessage } from './messages.ts';

/**
 * What a Paxos role hands to its runtime, like the Raft core's Ready: persist `persist`
 * (when not null), then send `messages`, then call `advance()`.
 */
export interface PaxosReady<S> {
  readonly persist: S | null;
  readonly messages: readonly PaxosMessage[];
}

/** A learner's Ready also says what it learned, once. */
export interface LearnerReady extends PaxosReady<never> {
  /** The chosen value, in the first Ready after the learner learned it; null otherwise. */
  readonly learned: string | null;
}
