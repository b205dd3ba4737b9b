import { resolve } from 'node:path';
import { UsageError } from '../model/errors.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';

/**
 * `soffio cluster start|status|stop|restart`: a real Raft cluster of OS processes on
 * loopback (src/cluster). Example:
 *
 *     soffio cluster start --nodes 3 --base-port 7000 --data ./data
 *     curl -XPUT localhost:7000/kv/x -d 1; curl localhost:7000/kv/x
 *     soffio cluster status --data ./data --json
 *     soffio cluster restart 2 --data ./data
 *     soffio cluster events --data ./data > run.ndjson && soffio validate run.ndjson --protocol raft
 *     soffio cluster stop --data ./data
 */

export interface ClusterFlags {
  readonly data: string;
  readonly nodes?: string;
  readonly basePort?: string;
  readonly fsync?: boolean;
  readonly json?: boolean;
}

export async function runCluster(action: string, node: string | undefined, flags: ClusterFlags, io: CliIo): Promise<ExitCode> {
  const sup = await import('../cluster/supervisor.ts');
  const data = resolve(io.cwd, flags.data);
  try {
    switch (action) {
      case 'start': {
        const nodes = positiveInt(flags.nodes ?? '3', '--nodes');
        const basePort = positiveInt(flags.basePort ?? '7000', '--base-port');
        if (basePort + nodes - 1 > 65535) throw new UsageError(`--base-port ${basePort} leaves no room for ${nodes} ports`);
        const status = await sup.startCluster(data, { nodes, basePort, fsync: flags.fsync !== false });
        print(status, flags.json === true, io);
        return EXIT.ok;
      }
      case 'status':
        print(await sup.clusterStatus(data), flags.json === true, io);
        return EXIT.ok;
      case 'stop':
        await sup.stopCluster(data);
        io.out(`stopped the cluster in ${data}\n`);
        return EXIT.ok;
      case 'events': {
        // One history of every node's event log, in the format soffio validate reads.
        const { mergeEventLogs } = await import('../cluster/merge.ts');
        for (const line of mergeEventLogs(data)) io.out(`${JSON.stringify(line)}\n`);
        return EXIT.ok;
      }
      case 'restart': {
        if (node === undefined) throw new UsageError('cluster restart needs a node, e.g. soffio cluster restart 2 --data ./data');
        const s = await sup.restartNode(data, node);
        io.out(`${s.id} restarted (pid ${s.pid}, ${s.role}, term ${s.term})\n`);
        return EXIT.ok;
      }
      default:
        throw new UsageError(`unknown cluster action ${action} (start, status, stop, restart, events)`);
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // Operational failures (no cluster here, no leader in time, a port in use) are the user's to fix.
    throw new UsageError((err as Error).message);
  }
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got ${text}`);
  return n;
}

function print(nodes: readonly { id: string; pid: number | null; role: string; term: number | null; commitIndex: number | null; httpPort: number; leader: string | null }[], json: boolean, io: CliIo): void {
  if (json) {
    io.out(`${JSON.stringify({ nodes })}\n`);
    return;
  }
  io.out('id   pid      role       term  commit  port   leader\n');
  for (const n of nodes) {
    io.out(`${n.id.padEnd(4)} ${String(n.pid ?? '-').padEnd(8)} ${n.role.padEnd(10)} ${String(n.term ?? '-').padEnd(5)} ${String(n.commitIndex ?? '-').padEnd(7)} ${String(n.httpPort).padEnd(6)} ${n.leader ?? '-'}\n`);
  }
}
