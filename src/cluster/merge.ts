import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RaftMessage } from '../impl/raft/messages.ts';
import type { RaftLogLine } from '../fuzz/log.ts';
import type { NodeEventLine } from './events.ts';
import { nodeDir, readLayout } from './layout.ts';

/**
 * Interleaves the event logs of a cluster's nodes into one history that `soffio validate`
 * can replay: each node's lines keep their order; across nodes, lines go by wall-clock time,
 * except that a `receive` waits until a line that sent its message came first (clocks of
 * processes on one host agree only to a fraction of a millisecond). Nodes are renamed to the
 * model's servers (`n1` -> `s1`), in every field that names one; steps are renumbered.
 *
 * Example: `writeFileSync('all.ndjson', mergeEventLogs('./data').map((l) => JSON.stringify(l)).join('\n'))`.
 */
export function mergeEventLogs(dataDir: string): RaftLogLine[] {
  const queues = readLayout(dataDir).nodes.map((n) => {
    const file = join(nodeDir(dataDir, n.id), 'events.ndjson');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as NodeEventLine];
        } catch {
          return []; // a line torn by kill -9
        }
      });
  });
  const heads = queues.map(() => 0);
  const inFlight = new Map<string, number>();
  const out: RaftLogLine[] = [];
  const total = queues.reduce((a, q) => a + q.length, 0);
  while (out.length < total) {
    let pick = -1;
    for (let i = 0; i < queues.length; i++) {
      const line = queues[i][heads[i]];
      if (!line) continue;
      if (line.event === 'receive' && line.msg && (inFlight.get(key(line.msg)) ?? 0) === 0) continue;
      if (pick < 0 || line.time < queues[pick][heads[pick]].time) pick = i;
    }
    if (pick < 0) throw new Error(`cannot merge the event logs: every node waits for a message no logged line sent (line ${out.length + 1})`);
    const line = queues[pick][heads[pick]++];
    if (line.event === 'receive' && line.msg) inFlight.set(key(line.msg), inFlight.get(key(line.msg))! - 1);
    for (const m of line.sent ?? []) inFlight.set(key(m), (inFlight.get(key(m)) ?? 0) + 1);
    out.push(rename({ ...line, step: out.length + 1 }));
  }
  return out;
}

function key(m: RaftMessage): string {
  return JSON.stringify(m);
}

const server = (id: string): string => id.replace(/^n(\d+)$/, 's$1');

function renameMessage(m: RaftMessage): RaftMessage {
  const base = { ...m, from: server(m.from), to: server(m.to) };
  if (m.type === 'RequestVote') return { ...base, candidateId: server(m.candidateId) } as RaftMessage;
  if (m.type === 'AppendEntries') return { ...base, leaderId: server(m.leaderId) } as RaftMessage;
  return base as RaftMessage;
}

function rename(line: NodeEventLine): RaftLogLine {
  const { time: _time, ...rest } = line;
  return {
    ...rest,
    node: line.node === undefined ? undefined : server(line.node),
    msg: line.msg ? renameMessage(line.msg) : undefined,
    sent: line.sent?.map(renameMessage),
    state: line.state ? { ...line.state, votedFor: line.state.votedFor == null ? line.state.votedFor : server(line.state.votedFor) } : undefined,
  };
}
