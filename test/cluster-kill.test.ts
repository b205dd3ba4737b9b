import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeEventLogs } from '../src/cluster/merge.ts';
import { restartNode, startCluster, stopCluster, stopNode, waitForLeader } from '../src/cluster/supervisor.ts';
import { validateRaftLog } from '../src/conformance/validate.ts';
import { validationModel } from '../src/conformance/validation-model.ts';
import { loadProtocol } from '../src/registry.ts';
import { call, freeBasePort } from './support/cluster.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// A leader killed (SIGKILL) while it syncs a new entry to disk: the kernel keeps what the
// process wrote, so the restarted node recovers the entry, and its event log must say how the
// entry got there. (The line used to be written after the fsync, and the kill lost it.)
describe('a leader killed in the middle of an fsync', () => {
  let data = '';
  afterAll(async () => {
    if (data) {
      await stopCluster(data, true).catch(() => {});
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('restarts with the entry it had written, and its event log still validates', async () => {
    data = mkdtempSync(join(tmpdir(), 'soffio-kill-'));
    const base = await freeBasePort(3);
    const portOf = (id: string) => base + Number(id.slice(1)) - 1;
    await startCluster(data, { nodes: 3, basePort: base, seed: 11 });
    const leader = (await waitForLeader(data, 15_000)).filter((n) => n.role === 'leader').sort((a, b) => b.term! - a.term!)[0];
    // Every sync of the leader now waits 2 s between writing its records and syncing them.
    expect((await call(portOf(leader.id), 'POST', '/admin/disk', JSON.stringify({ delayMs: 2000 }))).status).toBe(200);
    const put = call(portOf(leader.id), 'PUT', '/kv/k', 'during-sync', { 'x-request-id': 'during-sync' }, 10_000);
    await sleep(700);
    await stopNode(data, leader.id, true);
    expect((await put).status).toBeNull();
    await restartNode(data, leader.id);
    await waitForLeader(data, 15_000);
    await sleep(500);
    await stopCluster(data);
    const lines = mergeEventLogs(data);
    // The merged log names the nodes as the model's servers: n2 is s2.
    const server = leader.id.replace(/^n/, 's');
    const restart = lines.find((l) => l.event === 'restart' && l.node === server);
    // The killed leader came back with the entry the client proposed (the election no-op, if
    // any, and its value), so the kill did fall between writing the record and syncing it.
    expect(restart?.state?.logLength).toBeGreaterThan(0);
    const proposed = lines.filter((l) => l.event === 'propose' && l.node === server);
    expect(proposed.length).toBeGreaterThan(0);
    const r = validateRaftLog(lines, validationModel(await loadProtocol('raft'), 3));
    expect(r).toMatchObject({ ok: true });
  }, 60_000);
});
