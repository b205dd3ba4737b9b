import { CoreUsageError } from '../invariant.ts';
import type { RandomSource } from '../random.ts';
import type { PersistentState } from './ready.ts';

/** How a Raft core is set up. Only `id`, `peers` and `random` have no default. */
export interface RaftConfig {
  readonly id: string;
  /** Every server of the cluster; `id` itself may be listed or not. */
  readonly peers: readonly string[];
  /** Base election timeout in ticks; each timeout is drawn in [electionTicks, 2 * electionTicks). Default 10. */
  readonly electionTicks?: number;
  /** A leader sends AppendEntries (a heartbeat if it has nothing new) every heartbeatTicks ticks. Default 1. */
  readonly heartbeatTicks?: number;
  /** The seeded source of the randomized election timeouts. */
  readonly random: RandomSource;
  /** At most this many entries in one AppendEntries; default unlimited. 1 mimics a model that sends one entry at a time. */
  readonly maxEntriesPerMessage?: number;
  /**
   * True (default): a leader sends AppendEntries as soon as it has something to say (on
   * election, on a proposal, after an acknowledgement or a rejection, after its commit
   * index moved). False: only heartbeats on ticks and explicit `sendAppend(to)` send them,
   * so a replay can drive every send as a step of its own.
   */
  readonly sendEagerly?: boolean;
  /** True (default): a leader advances its commit index after each acknowledgement. False: only `advanceCommit()` does. */
  readonly commitEagerly?: boolean;
  /** The state stored before a restart; absent for a fresh server. */
  readonly persisted?: PersistentState;
}

export interface ResolvedRaftConfig {
  readonly id: string;
  /** The other servers, sorted. */
  readonly others: readonly string[];
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly random: RandomSource;
  readonly maxEntriesPerMessage: number;
  readonly sendEagerly: boolean;
  readonly commitEagerly: boolean;
}

/**
 * Fills the defaults in and rejects a configuration no cluster could run with.
 *
 * Example: `resolveRaftConfig({ id: 'n1', peers: ['n1', 'n2', 'n3'], random })` gives
 * `others: ['n2', 'n3']`, electionTicks 10, heartbeatTicks 1.
 */
export function resolveRaftConfig(c: RaftConfig): ResolvedRaftConfig {
  const electionTicks = c.electionTicks ?? 10;
  const heartbeatTicks = c.heartbeatTicks ?? 1;
  const maxEntriesPerMessage = c.maxEntriesPerMessage ?? Number.POSITIVE_INFINITY;
  if (!Number.isInteger(heartbeatTicks) || heartbeatTicks < 1) throw new CoreUsageError(`heartbeatTicks must be a positive integer, got ${heartbeatTicks}`);
  // A follower must hear a heartbeat before it times out, or a healthy leader is deposed.
  if (!Number.isInteger(electionTicks) || electionTicks <= heartbeatTicks) {
    throw new CoreUsageError(`electionTicks must be an integer above heartbeatTicks (${heartbeatTicks}), got ${electionTicks}`);
  }
  if (maxEntriesPerMessage !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxEntriesPerMessage) || maxEntriesPerMessage < 1)) {
    throw new CoreUsageError(`maxEntriesPerMessage must be a positive integer, got ${maxEntriesPerMessage}`);
  }
  const others = [...new Set(c.peers.filter((p) => p !== c.id))].sort();
  return {
    id: c.id,
    others,
    electionTicks,
    heartbeatTicks,
    random: c.random,
    maxEntriesPerMessage,
    sendEagerly: c.sendEagerly ?? true,
    commitEagerly: c.commitEagerly ?? true,
  };
}
