import { bfs } from '../src/checker/bfs.ts';
import { newTally, parallelBfs } from '../src/checker/parallel/parallel-bfs.ts';
import { buildFromRecipe, type ModelRecipe } from '../src/checker/parallel/recipe.ts';
import { baseline } from './baseline.ts';

/**
 * One row of the benchmark, in its own process so that peak RSS is this row's alone:
 * `node bench/row.mjs '<json>'` prints one JSON line. The job is either a search
 * ({recipe, workers}) or the naive baseline ({recipe, baselineMs}).
 */
const job = JSON.parse(process.argv[2]) as { recipe: ModelRecipe; workers?: number; baselineMs?: number; timeLimitMs?: number };

if (job.baselineMs !== undefined) {
  const b = await baseline(job.recipe, job.baselineMs);
  console.log(JSON.stringify({ ...b, peakRssMb: peakRssMb() }));
} else {
  const workers = job.workers ?? 1;
  const started = performance.now();
  // Of a parallel run: states stolen between workers, and doublings of the shared table.
  const tally = workers > 1 ? newTally() : undefined;
  const r = workers > 1 ? await parallelBfs(job.recipe, { workers, timeLimitMs: job.timeLimitMs, tally }) : bfs(await buildFromRecipe(job.recipe), { timeLimitMs: job.timeLimitMs });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    JSON.stringify({
      result: r.result,
      distinctStates: r.distinctStates,
      statesGenerated: r.statesGenerated,
      // The search alone, as the checker times it; `wallSeconds` adds model building and worker start-up.
      seconds: r.durationMs / 1000,
      wallSeconds: seconds,
      statesPerSecond: r.statesPerSecond,
      storeBytes: r.storeBytes ?? 0,
      peakRssMb: peakRssMb(),
      ...(tally ? { tally } : {}),
    }),
  );
}

/** The process's peak resident set, worker threads included (they share the process). */
function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
