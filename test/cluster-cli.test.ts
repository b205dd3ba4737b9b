import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stopCluster } from '../src/cluster/supervisor.ts';
import { runInProcess, runSoffio } from './support/cli-run.ts';
import { callThroughElection, freeBasePort } from './support/cluster.ts';

// The walk-through: start, write and read over HTTP, status, restart, stop. `start` runs
// as the real command; the rest through main() in this process, which parses the same way and
// spares a CLI start-up each (the nodes are real processes either way).
describe('soffio cluster', () => {
  const data = mkdtempSync(join(tmpdir(), 'soffio-cli-cluster-'));
  afterAll(async () => {
    await stopCluster(data, true).catch(() => {});
    rmSync(data, { recursive: true, force: true });
  });

  it('start returns with a leader; writes and reads work through any node; restart recovers; stop stops', async () => {
    const base = await freeBasePort(3);
    const start = await runSoffio(['cluster', 'start', '--nodes', '3', '--base-port', String(base), '--data', data, '--json']);
    expect(start.stderr).toBe('');
    expect(start.code).toBe(0);
    const started = JSON.parse(start.stdout) as { nodes: { id: string; role: string; httpPort: number }[] };
    expect(started.nodes.map((n) => [n.id, n.httpPort])).toEqual([['n1', base], ['n2', base + 1], ['n3', base + 2]]);
    expect(started.nodes.filter((n) => n.role === 'leader')).toHaveLength(1);

    // Written through one node, read through each of the others (followers forward to the leader).
    expect((await callThroughElection(base, 'PUT', '/kv/x', '1')).status).toBe(200);
    expect((await callThroughElection(base + 1, 'GET', '/kv/x')).body).toEqual({ value: '1' });
    expect((await callThroughElection(base + 2, 'GET', '/kv/y')).body).toEqual({ value: null });

    const restart = await runInProcess(['cluster', 'restart', '2', '--data', data], process.cwd());
    expect(restart.code).toBe(0);
    expect(restart.stdout).toMatch(/^n2 restarted \(pid \d+/);
    expect((await callThroughElection(base + 1, 'GET', '/kv/x')).body).toEqual({ value: '1' });

    const status = await runInProcess(['cluster', 'status', '--data', data, '--json'], process.cwd());
    const nodes = (JSON.parse(status.stdout) as { nodes: { id: string; pid: number; role: string; term: number; commitIndex: number; httpPort: number }[] }).nodes;
    expect(nodes.map((n) => Object.keys(n).sort())[0]).toEqual(['commitIndex', 'httpPort', 'id', 'leader', 'pid', 'role', 'term']);
    expect(nodes.every((n) => ['leader', 'follower', 'candidate'].includes(n.role) && n.pid > 0)).toBe(true);
    // put x, get x, get y, and get x again after the restart: at least 4 committed entries.
    expect(Math.max(...nodes.map((n) => n.commitIndex))).toBeGreaterThanOrEqual(4);

    expect((await runInProcess(['cluster', 'stop', '--data', data], process.cwd())).code).toBe(0);
    const after = JSON.parse((await runInProcess(['cluster', 'status', '--data', data, '--json'], process.cwd())).stdout) as { nodes: { role: string; pid: number | null }[] };
    expect(after.nodes.map((n) => [n.role, n.pid])).toEqual([['down', null], ['down', null], ['down', null]]);
  });

  it('bad usage is one line and exit 2', async () => {
    const [missing, noNode, badAction] = await Promise.all([
      runInProcess(['cluster', 'status', '--data', join(data, 'nowhere')], process.cwd()),
      runInProcess(['cluster', 'restart', '--data', data], process.cwd()),
      runInProcess(['cluster', 'explode', '--data', data], process.cwd()),
    ]);
    expect([missing.code, noNode.code, badAction.code]).toEqual([2, 2, 2]);
    expect(missing.stderr).toMatch(/^soffio: no cluster in .*nowhere \(missing cluster\.json\).*\n$/);
    expect(noNode.stderr).toMatch(/^soffio: cluster restart needs a node/);
    expect(badAction.stderr).toMatch(/^soffio: unknown cluster action explode/);
  });
});
