import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { suite, type BenchConfig } from './suite.ts';

/**
 * `npm run bench [-- --quick] [-- --json] [-- --no-cluster] [-- --repeat N]`: runs the suite,
 * every row in its own child process, and prints a table (or, with --json, one JSON array).
 * The naive baseline runs in the same invocation, on the same configuration, under a time
 * limit, so the ratio compares runs made under the same machine load. The machine is shared
 * and a single run moves by 10 to 20 percent, so every row is sampled N times (3 by default,
 * 1 with --quick; rows cut by a time limit once), the samples of one configuration
 * interleaved with its baseline's, and the table gives the median.
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
  /** Distinct states per second of every sample of this row, and of the baseline; the row gives their medians. */
  readonly samples: readonly number[];
  readonly baselineSamples: readonly number[];
  /** Seconds of every sample, in the order of `samples`. */
  readonly secondsSamples: readonly number[];
}

/** What the machine gives two threads: two one-worker runs at once against one alone. */
export interface SideBySide {
  readonly config: string;
  /** Seconds of each one-worker run alone (the 1-worker row's samples). */
  readonly alone: readonly number[];
  /** Seconds of the two runs of each side-by-side pair. */
  readonly together: readonly (readonly [number, number])[];
  /**
   * Seconds of one one-worker run confined to each CPU (with `taskset`, where the system
   * has it; V8's helper threads are confined with it): the cores of a virtual machine need
   * not be equally fast.
   */
  readonly pinned: readonly { readonly cpu: number; readonly seconds: number }[];
  /**
   * The most two threads can give over one here: for each pair, the work both runs did per
   * second against one run alone (median(alone) * (1/a + 1/b)); the median over pairs.
   */
  readonly ceiling: number;
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const json = args.includes('--json');
const repeat = repeatArgument(args) ?? (quick ? 1 : 3);
const rowEntry = fileURLToPath(new URL('./row.mjs', import.meta.url));
const configs = suite.filter((c) => !quick || !c.slow);
const baselineMs = quick ? 5_000 : 20_000;
// A row is cut at this limit (incomplete); the larger configuration is meant to take about a minute.
const rowLimitMs = quick ? 60_000 : 600_000;

/** One row in its own process; with `cpu`, confined to that CPU (taskset). */
function child(job: object, cpu?: number): Record<string, unknown> {
  const node = [process.execPath, '--max-old-space-size=4096', rowEntry, JSON.stringify(job)];
  const [command, ...rest] = cpu === undefined ? node : ['taskset', '-c', String(cpu), ...node];
  return lastLine(execFileSync(command, rest, { encoding: 'utf8', maxBuffer: 1 << 24 }));
}

const rows: BenchRow[] = [];
const ceilings: SideBySide[] = [];
for (const config of configs) {
  rows.push(...runConfig(config));
  if (config.sideBySide && !quick) ceilings.push(await sideBySide(config, rows));
}
if (json) console.log(JSON.stringify(rows, null, 2));
else {
  printTable(rows);
  for (const c of ceilings) printCeiling(c);
}
// The real cluster beside etcd (bench/cluster.ts), in the same invocation; its rows have their
// own shape, so --json keeps to the checker rows and `npm run bench:cluster -- --json` gives them.
if (!json && !args.includes('--no-cluster')) runClusterBench();

/** `--repeat N` (a positive integer), or undefined when not given; exits with code 2 on a bad value. */
function repeatArgument(given: readonly string[]): number | undefined {
  const at = given.indexOf('--repeat');
  if (at < 0) return undefined;
  const n = Number(given[at + 1]);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`--repeat needs a positive whole number, got '${given[at + 1] ?? ''}'\n`);
    process.exit(2);
  }
  return n;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function runClusterBench(): void {
  process.stdout.write('\nThe Raft cluster on loopback beside a 3-member etcd (bench/cluster.ts):\n');
  const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
  const cluster = fileURLToPath(new URL('./cluster.ts', import.meta.url));
  process.stdout.write(execFileSync(process.execPath, [tsx, cluster, '--seconds', quick ? '2' : '5'], { encoding: 'utf8', maxBuffer: 1 << 24 }));
}

function runConfig(config: BenchConfig): BenchRow[] {
  const samples = config.timeLimitMs === undefined ? repeat : 1;
  const baselines: Record<string, unknown>[] = [];
  const runs = new Map<string, Record<string, unknown>[]>();
  const variants = [false, true].flatMap((symmetry) => [1, 2].map((workers) => ({ symmetry, workers })));
  for (let sample = 0; sample < samples; sample++) {
    if (!json) process.stderr.write(`${config.name}${samples > 1 ? ` (${sample + 1}/${samples})` : ''}: baseline...`);
    baselines.push(child({ recipe: config.recipe, baselineMs }));
    for (const { symmetry, workers } of variants) {
      if (!json) process.stderr.write(` w${workers}${symmetry ? 's' : ''}`);
      const r = child({ recipe: { ...config.recipe, symmetry }, workers, timeLimitMs: Math.min(rowLimitMs, config.timeLimitMs ?? rowLimitMs) });
      const key = `${workers}/${symmetry}`;
      runs.set(key, [...(runs.get(key) ?? []), r]);
    }
    if (!json) process.stderr.write('\n');
  }
  const baselineSamples = baselines.map((b) => b.statesPerSecond as number);
  const baseRate = Math.round(median(baselineSamples));
  // The baseline found the whole space (every sample alike, or none counts).
  const baseComplete = baselines.every((b) => b.complete === true) ? (baselines[0].distinctStates as number) : undefined;
  return variants.map(({ symmetry, workers }) => {
    const all = runs.get(`${workers}/${symmetry}`)!;
    const rates = all.map((r) => r.statesPerSecond as number);
    // The sample with the median rate stands for the row (its seconds, counts and store).
    const r = all[rates.indexOf([...rates].sort((a, b) => a - b)[(rates.length - 1) >> 1])];
    const distinct = r.distinctStates as number;
    const sps = Math.round(median(rates));
    return {
      config: config.name,
      workers,
      symmetry,
      result: r.result as string,
      distinctStates: distinct,
      statesGenerated: r.statesGenerated as number,
      seconds: r.seconds as number,
      statesPerSecond: sps,
      // The largest of the samples: the memory target is about the worst run.
      peakRssMb: Math.max(...all.map((x) => x.peakRssMb as number)),
      bytesPerState: distinct > 0 ? Math.round(((r.storeBytes as number) / distinct) * 10) / 10 : 0,
      baselineStatesPerSecond: baseRate,
      ratio: Math.round((sps / Math.max(1, baseRate)) * 10) / 10,
      matchesReference: symmetry || baseComplete === undefined || r.result !== 'ok' ? null : baseComplete === distinct,
      samples: rates,
      baselineSamples,
      secondsSamples: all.map((x) => x.seconds as number),
    };
  });
}

/**
 * Two independent one-worker searches of `config` started together, `repeat` times: how much
 * each slows the other on this machine (shared cores, caches, memory bandwidth) bounds what
 * two threads of one search can gain, whatever the search does. Then one run confined to
 * each CPU in turn, which shows whether the cores themselves differ.
 */
async function sideBySide(config: BenchConfig, rows: readonly BenchRow[]): Promise<SideBySide> {
  const one = rows.find((r) => r.config === config.name && r.workers === 1 && !r.symmetry)!;
  const alone = one.secondsSamples;
  const together: [number, number][] = [];
  const job = { recipe: config.recipe, workers: 1 };
  for (let sample = 0; sample < repeat; sample++) {
    if (!json) process.stderr.write(`${config.name}: two 1-worker runs side by side (${sample + 1}/${repeat})\n`);
    const [a, b] = await Promise.all([0, 1].map(() => childAsync(JSON.stringify(job))));
    together.push([a.seconds as number, b.seconds as number]);
  }
  const pinned: { cpu: number; seconds: number }[] = [];
  if (spawnSync('taskset', ['-V']).status === 0) {
    for (let cpu = 0; cpu < availableParallelism(); cpu++) {
      if (!json) process.stderr.write(`${config.name}: one worker confined to CPU ${cpu}\n`);
      pinned.push({ cpu, seconds: child(job, cpu).seconds as number });
    }
  }
  const ceiling = median(together.map(([a, b]) => median(alone) * (1 / a + 1 / b)));
  return { config: config.name, alone, together, pinned, ceiling: Math.round(ceiling * 100) / 100 };
}

/** A row's result: the JSON object on the last line it printed. */
function lastLine(out: string): Record<string, unknown> {
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

function childAsync(job: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['--max-old-space-size=4096', rowEntry, job], { encoding: 'utf8', maxBuffer: 1 << 24 }, (error, out) => {
      if (error) reject(error);
      else resolve(lastLine(out));
    }),
  );
}

function printCeiling(c: SideBySide): void {
  const secs = (xs: readonly number[]) => xs.map((x) => x.toFixed(2)).join(', ');
  console.log(`\n${c.config}, 1 worker: alone ${secs(c.alone)} s; two runs side by side ${c.together.map((pair) => secs(pair)).join('; ')} s.`);
  if (c.pinned.length > 0) console.log(`Confined to one CPU: ${c.pinned.map((p) => `CPU ${p.cpu} ${p.seconds.toFixed(2)} s`).join(', ')}.`);
  console.log(`Two threads on this machine give at most ${c.ceiling}x one (per pair, median alone x (1/a + 1/b); the median over pairs).`);
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
