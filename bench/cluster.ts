/**
 * `npm run bench:cluster`: writes per second and commit latency (p50/p99) of Soffio's real
 * cluster (src/cluster) next to a 3-member etcd 3.4 on the same loopback and the same disk, with
 * 1 and 16 concurrent clients, fsync on and off. Each client sends PUTs back to back to the
 * leader over HTTP (Soffio: `PUT /kv/<key>`; etcd: its gRPC gateway `POST /v3/kv/put`), so both
 * pay the same client-side costs. etcd 3.4 cannot turn fsync off, so its "fsync off" rows put
 * its data directory on tmpfs (/dev/shm), where fsync returns at once.
 *
 * Options: `--seconds <n>` per row (default 3), `--json` for one JSON object.
 * Example: `npm run bench:cluster -- --seconds 5`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, stopCluster } from '../src/cluster/supervisor.ts';
import { freeBasePort } from '../src/cluster/ports.ts';

interface Row {
  readonly system: 'soffio' | 'etcd';
  readonly fsync: boolean;
  readonly clients: number;
  readonly writesPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1] || 3) || 3;
const json = args.includes('--json');
const CLIENTS = [1, 16];

/** Runs `clients` loops of back-to-back writes for `seconds`; returns throughput and latency percentiles. */
async function drive(system: Row['system'], fsync: boolean, clients: number, write: (client: number, seq: number) => Promise<boolean>): Promise<Row> {
  // A short warm-up: connections open, JIT warm.
  for (let i = 0; i < 20; i++) await write(0, -i - 1);
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let seq = 0; performance.now() < end; seq++) {
        const t = performance.now();
        if (await write(c, seq)) latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { system, fsync, clients, writesPerSecond: latencies.length / elapsed, p50Ms: pct(0.5), p99Ms: pct(0.99) };
}

async function soffioRows(fsync: boolean, parent: string): Promise<Row[]> {
  const data = mkdtempSync(join(parent, 'soffio-bench-'));
  const base = await freeBasePort(3);
  try {
    const status = await startCluster(data, { nodes: 3, basePort: base, fsync, events: false });
    const leader = status.find((n) => n.role === 'leader')!;
    const url = `http://127.0.0.1:${leader.httpPort}/kv/`;
    const rows: Row[] = [];
    for (const clients of CLIENTS) {
      rows.push(await drive('soffio', fsync, clients, async (c, seq) => (await fetch(`${url}k${c}`, { method: 'PUT', body: `v${seq}` }).then((r) => r.text().then(() => r.ok)))));
    }
    return rows;
  } finally {
    await stopCluster(data, true).catch(() => {});
    rmSync(data, { recursive: true, force: true });
  }
}

async function etcdRows(fsync: boolean, parent: string): Promise<Row[]> {
  const data = mkdtempSync(join(fsync ? parent : '/dev/shm', 'etcd-bench-'));
  const base = await freeBasePort(6);
  const names = ['e1', 'e2', 'e3'];
  const peerUrl = (i: number): string => `http://127.0.0.1:${base + 3 + i}`;
  const clientUrl = (i: number): string => `http://127.0.0.1:${base + i}`;
  const initial = names.map((n, i) => `${n}=${peerUrl(i)}`).join(',');
  const procs: ChildProcess[] = names.map((name, i) =>
    spawn('etcd', ['--name', name, '--data-dir', join(data, name), '--listen-client-urls', clientUrl(i), '--advertise-client-urls', clientUrl(i), '--listen-peer-urls', peerUrl(i), '--initial-advertise-peer-urls', peerUrl(i), '--initial-cluster', initial, '--initial-cluster-state', 'new', '--log-level', 'error'], { stdio: 'ignore' }),
  );
  try {
    const endpoints = names.map((_, i) => clientUrl(i)).join(',');
    let leaderUrl = '';
    for (let attempt = 0; attempt < 100 && !leaderUrl; attempt++) {
      await new Promise((r) => setTimeout(r, 200));
      const out = spawnSync('etcdctl', ['--endpoints', endpoints, 'endpoint', 'status', '-w', 'json'], { encoding: 'utf8' });
      if (out.status !== 0) continue;
      const list = JSON.parse(out.stdout) as { Endpoint: string; Status: { header: { member_id: number }; leader: number } }[];
      leaderUrl = list.find((e) => e.Status.header.member_id === e.Status.leader)?.Endpoint ?? '';
    }
    if (!leaderUrl) throw new Error('etcd elected no leader');
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    const rows: Row[] = [];
    for (const clients of CLIENTS) {
      rows.push(await drive('etcd', fsync, clients, async (c, seq) => (await fetch(`${leaderUrl}/v3/kv/put`, { method: 'POST', body: JSON.stringify({ key: b64(`k${c}`), value: b64(`v${seq}`) }) }).then((r) => r.text().then(() => r.ok)))));
    }
    return rows;
  } finally {
    for (const p of procs) p.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    rmSync(data, { recursive: true, force: true });
  }
}

const hasEtcd = spawnSync('etcd', ['--version']).status === 0;
const parent = tmpdir();
const rows: Row[] = [];
for (const fsync of [true, false]) {
  rows.push(...(await soffioRows(fsync, parent)));
  if (hasEtcd) rows.push(...(await etcdRows(fsync, parent)));
}

if (json) {
  console.log(JSON.stringify({ seconds, disk: parent, etcd: hasEtcd, rows }));
} else {
  if (!hasEtcd) console.log('etcd not installed (apt-get install -y etcd-server etcd-client): Soffio rows only');
  console.log(`${seconds} s per row, data on ${parent} (etcd fsync off = tmpfs)\n`);
  console.log('fsync  clients  soffio w/s  p50 ms  p99 ms | etcd w/s  p50 ms  p99 ms | soffio/etcd w/s');
  for (const fsync of [true, false]) {
    for (const clients of CLIENTS) {
      const s = rows.find((r) => r.system === 'soffio' && r.fsync === fsync && r.clients === clients)!;
      const e = rows.find((r) => r.system === 'etcd' && r.fsync === fsync && r.clients === clients);
      const f = (n: number | undefined, d = 1): string => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(d));
      console.log(
        `${(fsync ? 'on' : 'off').padEnd(6)} ${String(clients).padStart(7)}  ${f(s.writesPerSecond, 0).padStart(10)}  ${f(s.p50Ms).padStart(6)}  ${f(s.p99Ms).padStart(6)} | ${f(e?.writesPerSecond, 0).padStart(8)}  ${f(e?.p50Ms).padStart(6)}  ${f(e?.p99Ms).padStart(6)} | ${e ? (s.writesPerSecond / e.writesPerSecond).toFixed(2) : '-'}`,
      );
    }
  }
}
