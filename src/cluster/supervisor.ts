import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findNode, layoutFile, makeLayout, nodeDir, readLayout, type ClusterLayout, type NodeLayout } from './layout.ts';

/**
 * Starts, inspects, restarts and stops the node processes of a cluster whose state lives in
 * one data directory. Nodes run detached, so `soffio cluster start` can return while they go
 * on serving; their pids are in `<data>/<id>/pid`.
 */

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface NodeStatus {
  readonly id: string;
  readonly pid: number | null;
  readonly role: 'leader' | 'follower' | 'candidate' | 'down';
  readonly term: number | null;
  readonly commitIndex: number | null;
  readonly httpPort: number;
  readonly leader: string | null;
}

/**
 * Writes the layout and starts every node; resolves once some node is leader.
 *
 * Example: `await startCluster('./data', { nodes: 3, basePort: 7000 })`.
 */
export async function startCluster(dataDir: string, o: { nodes: number; basePort: number; fsync?: boolean; seed?: number; events?: boolean; timeoutMs?: number }): Promise<NodeStatus[]> {
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(layoutFile(dataDir))) {
    const running = (await clusterStatus(dataDir)).filter((n) => n.role !== 'down');
    if (running.length > 0) throw new Error(`a cluster is already running in ${dataDir} (${running.map((n) => n.id).join(', ')}); stop it first`);
  }
  const layout = makeLayout(o);
  writeFileSync(layoutFile(dataDir), `${JSON.stringify(layout, null, 2)}\n`);
  for (const n of layout.nodes) spawnNode(dataDir, n);
  return waitForLeader(dataDir, o.timeoutMs ?? 15_000);
}

/** Starts one node process (again), detached, logging to `<data>/<id>/node.log`. Returns its pid. */
export function spawnNode(dataDir: string, n: NodeLayout): number {
  const dir = nodeDir(dataDir, n.id);
  mkdirSync(dir, { recursive: true });
  const out = openSync(join(dir, 'node.log'), 'a');
  const child = spawn(process.execPath, ['--import', TSX, MAIN, resolve(dataDir), n.id], { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  writeFileSync(join(dir, 'pid'), String(child.pid));
  return child.pid!;
}

/** Polls every node until one reports itself leader (and a majority is up). */
export async function waitForLeader(dataDir: string, timeoutMs: number): Promise<NodeStatus[]> {
  const deadline = Date.now() + timeoutMs;
  let last: NodeStatus[] = [];
  while (Date.now() < deadline) {
    last = await clusterStatus(dataDir);
    if (last.some((n) => n.role === 'leader')) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no leader elected within ${timeoutMs} ms (nodes: ${last.map((n) => `${n.id} ${n.role}`).join(', ')}); see ${dataDir}/<id>/node.log`);
}

/** Each node's status as it reports it, or `down` when its process is gone or does not answer. */
export async function clusterStatus(dataDir: string): Promise<NodeStatus[]> {
  const layout = readLayout(dataDir);
  return Promise.all(layout.nodes.map((n) => nodeStatus(dataDir, layout, n)));
}

async function nodeStatus(dataDir: string, layout: ClusterLayout, n: NodeLayout): Promise<NodeStatus> {
  const pid = readPid(dataDir, n.id);
  const down: NodeStatus = { id: n.id, pid: pid !== null && alive(pid) ? pid : null, role: 'down', term: null, commitIndex: null, httpPort: n.httpPort, leader: null };
  if (pid === null || !alive(pid)) return down;
  try {
    const s = JSON.parse(await httpGet(layout.host, n.httpPort, '/status', 500)) as NodeStatus;
    return { id: n.id, pid: s.pid, role: s.role, term: s.term, commitIndex: s.commitIndex, httpPort: n.httpPort, leader: s.leader };
  } catch {
    return down;
  }
}

/** Stops one node: SIGTERM, or SIGKILL (`kill -9`, a crash) when `hard`. */
export async function stopNode(dataDir: string, id: string, hard = false): Promise<void> {
  const n = findNode(readLayout(dataDir), id);
  const pid = readPid(dataDir, n.id);
  if (pid === null || !alive(pid)) return;
  process.kill(pid, hard ? 'SIGKILL' : 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

/** Stops every node of the cluster. */
export async function stopCluster(dataDir: string, hard = false): Promise<void> {
  await Promise.all(readLayout(dataDir).nodes.map((n) => stopNode(dataDir, n.id, hard)));
}

/** Restarts node `id` (stopping it first if it runs); it recovers from its WAL. Resolves once it answers. */
export async function restartNode(dataDir: string, id: string): Promise<NodeStatus> {
  const layout = readLayout(dataDir);
  const n = findNode(layout, id);
  await stopNode(dataDir, n.id);
  spawnNode(dataDir, n);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const s = await nodeStatus(dataDir, layout, n);
    if (s.role !== 'down') return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`node ${n.id} did not come back within 10 s; see ${join(nodeDir(dataDir, n.id), 'node.log')}`);
}

/**
 * The pid of node `id`, only while that pid is still this node's process: a pid file outlives
 * a crash, and the kernel may hand its number to an unrelated process, which must never be
 * signalled. On Linux the process's command line must name this node's entry point, data
 * directory and id.
 */
function readPid(dataDir: string, id: string): number | null {
  const file = join(nodeDir(dataDir, id), 'pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8'));
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const cmdline = `/proc/${pid}/cmdline`;
  if (existsSync('/proc/self/cmdline')) {
    let args: string[];
    try {
      args = readFileSync(cmdline, 'utf8').split('\0');
    } catch {
      return null; // gone
    }
    return args.includes(MAIN) && args.includes(resolve(dataDir)) && args.includes(id) ? pid : null;
  }
  return pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function httpGet(host: string, port: number, path: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get({ host, port, path, timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}
