import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { suite, type BenchConfig } from './suite.ts';

/**
 * `npm run bench [-- --quick] [-- --json] [-- --no-cluster]`: runs the suite, every row in its own child
 * process, and prints a table (or, with --json, one JSON array). The naive baseline runs in
 * the same invocation, on the same configuration, under a time limit, so the ratio compares
 * runs made under the same machine load.
 */
export interface BenchRow {
  readonly config: string;
  readonly workers: number;
  readonly symmetry: boolean;
  readonly result: string;
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly peakRssMb: number;
  readonly bytesPerState: number;
  readonly baselineStatesPerSecond: number;
  /** statesPerSecond / baselineStatesPerSecond. */
  readonly ratio: number;
  /** When the baseline finished: do its distinct states equal the search's (without symmetry)? */
  readonly matchesReference: boolean | null;
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const json = args.includes('--json');
const rowEntry = fileURLToPath(new URL('./row.mjs', import.meta.url));
const configs = suite.filter((c) => !quick || !c.slow);
const baselineMs = quick ? 5_000 : 20_000;
// A row is cut at this limit (incomplete); the larger configuration is meant to take about a minute.
const rowLimitMs = quick ? 60_000 : 600_000;

function child(job: object): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--max-old-space-size=4096', rowEntry, JSON.stringify(job)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

const rows: BenchRow[] = [];
for (const config of configs) rows.push(...runConfig(config));
if (json) console.log(JSON.stringify(rows, null, 2));
else printTable(rows);
// The real cluster beside etcd (bench/cluster.ts), in the same invocation; its rows have their
// own shape, so --json keeps to the checker rows and `npm run bench:cluster -- --json` gives them.
if (!json && !args.includes('--no-cluster')) runClusterBench();

function runClusterBench(): void {
  process.stdout.write('\nThe Raft cluster on loopback beside a 3-member etcd (bench/cluster.ts):\n');
  const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
  const cluster = fileURLToPath(new URL('./cluster.ts', import.meta.url));
  process.stdout.write(execFileSync(process.execPath, [tsx, cluster, '--seconds', quick ? '2' : '5'], { encoding: 'utf8', maxBuffer: 1 << 24 }));
}

function runConfig(config: BenchConfig): BenchRow[] {
  if (!json) process.stderr.write(`${config.name}: baseline...`);
  const base = child({ recipe: config.recipe, baselineMs });
  const out: BenchRow[] = [];
  for (const symmetry of [false, true]) {
    for (const workers of [1, 2]) {
      if (!json) process.stderr.write(` w${workers}${symmetry ? 's' : ''}`);
      const r = child({ recipe: { ...config.recipe, symmetry }, workers, timeLimitMs: Math.min(rowLimitMs, config.timeLimitMs ?? rowLimitMs) });
      const distinct = r.distinctStates as number;
      const sps = r.statesPerSecond as number;
      out.push({
        config: config.name,
        workers,
        symmetry,
        result: r.result as string,
        distinctStates: distinct,
        statesGenerated: r.statesGenerated as number,
        seconds: r.seconds as number,
        statesPerSecond: sps,
        peakRssMb: r.peakRssMb as number,
        bytesPerState: distinct > 0 ? Math.round(((r.storeBytes as number) / distinct) * 10) / 10 : 0,
        baselineStatesPerSecond: base.statesPerSecond as number,
        ratio: Math.round((sps / Math.max(1, base.statesPerSecond as number)) * 10) / 10,
        matchesReference: symmetry || !base.complete || r.result !== 'ok' ? null : base.distinctStates === distinct,
      });
    }
  }
  if (!json) process.stderr.write('\n');
  return out;
}

function printTable(table: readonly BenchRow[]): void {
  const head = ['config', 'workers', 'sym', 'result', 'distinct', 'generated', 's', 'distinct/s', 'peak RSS MB', 'B/state', 'baseline/s', 'ratio', 'ref'];
  const lines = table.map((r) => [r.config, r.workers, r.symmetry ? 'yes' : 'no', r.result, r.distinctStates, r.statesGenerated, r.seconds.toFixed(2), r.statesPerSecond, r.peakRssMb, r.bytesPerState, r.baselineStatesPerSecond, `${r.ratio}x`, r.matchesReference === null ? '-' : r.matchesReference ? 'same' : 'DIFFERS'].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(fmt(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const l of lines) console.log(fmt(l));
}
