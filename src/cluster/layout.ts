import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a cluster's data directory holds: `cluster.json` (this layout), and one folder per
 * node with its write-ahead log (`wal.log`), event log (`events.ndjson`), process output
 * (`node.log`) and pid (`pid`).
 */
export interface ClusterLayout {
  readonly nodes: readonly NodeLayout[];
  /** Milliseconds of real time per tick() of the Raft core. */
  readonly tickMs: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  /** fsync the WAL before a vote or an acknowledgement is sent (off only for benchmarks). */
  readonly fsync: boolean;
  /** Bind address; loopback unless asked otherwise. */
  readonly host: string;
  /** Write each node's NDJSON event log (events.ts); off only for benchmarks. */
  readonly events: boolean;
}

export interface NodeLayout {
  /** `n1`, `n2`, ...: node i serves clients on base port + i - 1. */
  readonly id: string;
  readonly httpPort: number;
  /** Seed of the node's election-timeout random source (logged at start). */
  readonly seed: number;
}

/**
 * Example: `makeLayout({ nodes: 3, basePort: 7000 })` gives n1..n3 on ports 7000..7002,
 * 10 ms ticks, elections after 30-60 ticks, heartbeats every 5 ticks.
 */
export function makeLayout(o: { nodes: number; basePort: number; fsync?: boolean; seed?: number; host?: string; events?: boolean }): ClusterLayout {
  const seed = o.seed ?? Date.now() % 1_000_000;
  return {
    nodes: Array.from({ length: o.nodes }, (_, i) => ({ id: `n${i + 1}`, httpPort: o.basePort + i, seed: seed + i })),
    tickMs: 10,
    electionTicks: 30,
    heartbeatTicks: 5,
    fsync: o.fsync ?? true,
    host: o.host ?? '127.0.0.1',
    events: o.events ?? true,
  };
}

export function layoutFile(dataDir: string): string {
  return join(dataDir, 'cluster.json');
}

export function nodeDir(dataDir: string, id: string): string {
  return join(dataDir, id);
}

/** Reads `cluster.json`; throws a one-line error when the directory holds no cluster. */
export function readLayout(dataDir: string): ClusterLayout {
  const file = layoutFile(dataDir);
  if (!existsSync(file)) throw new Error(`no cluster in ${dataDir} (missing cluster.json); start one with soffio cluster start`);
  return JSON.parse(readFileSync(file, 'utf8')) as ClusterLayout;
}

/** Node `id` of a layout, accepting `2` or `n2`. */
export function findNode(layout: ClusterLayout, id: string): NodeLayout {
  const name = /^\d+$/.test(id) ? `n${id}` : id;
  const node = layout.nodes.find((n) => n.id === name);
  if (!node) throw new Error(`no node ${id} in this cluster (nodes: ${layout.nodes.map((n) => n.id).join(', ')})`);
  return node;
}
