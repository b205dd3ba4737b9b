import type { RaftMessage } from '../impl/raft/messages.ts';

/**
 * The NDJSON event log of a Raft implementation run: one JSON object per line, one line per
 * event. `soffio fuzz` writes it; `soffio validate` checks it against the model. Every
 * field of `state` and `sent` may be missing: validation then checks only what is there.
 *
 * Example line:
 * `{"step":3,"node":"s2","event":"receive","msg":{"type":"RequestVote",...},"sent":[...],"state":{"role":"follower","term":1,"votedFor":"s1","logLength":0,"commitIndex":0}}`
 */
export interface RaftLogLine {
  readonly step: number;
  /** The node the event happened on; absent for network events without one (drop, duplicate). */
  readonly node?: string;
  readonly event: RaftLogEvent;
  /** The message received, dropped or duplicated. */
  readonly msg?: RaftMessage;
  /** The value proposed (event `propose`). */
  readonly value?: string;
  /** Whether the node accepted the proposal (a follower refuses). */
  readonly accepted?: boolean;
  /** The messages the node sent while handling the event. */
  readonly sent?: readonly RaftMessage[];
  /** The node's observable state after the event. */
  readonly state?: ObservedState;
  /** For `partition`: the groups that can talk to each other. */
  readonly groups?: readonly (readonly string[])[];
}

/**
 * `tick`: one unit of time on a node. `receive`: a message delivered. `propose`: a client
 * request. `drop` / `duplicate`: the network loses or copies a message. `restart`: a crash
 * and restart from disk. `partition` / `heal`: the network is cut into groups, or mended
 * (they change no node and no message, only which deliveries can happen next).
 */
export type RaftLogEvent = 'tick' | 'receive' | 'propose' | 'drop' | 'duplicate' | 'restart' | 'partition' | 'heal';

export interface ObservedState {
  readonly role?: 'follower' | 'candidate' | 'leader';
  readonly term?: number;
  readonly votedFor?: string | null;
  readonly logLength?: number;
  readonly commitIndex?: number;
}

/** One line of NDJSON. Example: `formatLogLine({ step: 1, node: 's1', event: 'tick' })` is `{"step":1,"node":"s1","event":"tick"}`. */
export function formatLogLine(line: RaftLogLine): string {
  return JSON.stringify(line);
}
