import { closeSync, openSync, writeSync } from 'node:fs';
import type { RaftNode } from '../impl/raft/core.ts';
import type { RaftMessage } from '../impl/raft/messages.ts';
import type { ObservedState, RaftLogEvent, RaftLogLine } from '../fuzz/log.ts';

/**
 * Each node's event log, in the NDJSON format `soffio validate` reads (src/fuzz/log.ts): one
 * line per input the Raft core handled (`tick` only when it sent something or started an
 * election, `receive`, `propose`, `restart` after recovering from the WAL), with the messages
 * the input made the node send and its observable state after it. Each line also carries
 * `time`, wall-clock milliseconds with a fraction, so that merge.ts can interleave the logs of
 * all nodes into one history. A line is written after its Ready was persisted and before its
 * messages leave, so a receive is always logged after the send it answers.
 */
export type NodeEventLine = RaftLogLine & { readonly time: number };

export function observe(node: RaftNode): ObservedState {
  return { role: node.role, term: node.currentTerm, votedFor: node.votedFor, logLength: node.lastLogIndex, commitIndex: node.commitIndex };
}

/** Appends lines to `file` with one write each (no buffering in the process), so a kill -9 loses at most the line being written. */
export class EventLog {
  private step = 0;
  private readonly fd: number | null;
  constructor(
    file: string | null,
    private readonly node: string,
  ) {
    this.fd = file === null ? null : openSync(file, 'a');
  }

  get enabled(): boolean {
    return this.fd !== null;
  }

  record(event: RaftLogEvent, core: RaftNode, extra: { msg?: RaftMessage; value?: string; accepted?: boolean; sent?: readonly RaftMessage[] } = {}): void {
    if (this.fd === null) return;
    const line: NodeEventLine = { step: ++this.step, node: this.node, event, ...extra, state: observe(core), time: performance.timeOrigin + performance.now() };
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
  }
}
