import { randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pc from 'picocolors';
import { fuzzRaft } from '../fuzz/raft.ts';
import { formatLogLine } from '../fuzz/log.ts';
import { UsageError } from '../model/errors.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';
import { positiveInt, seedValue } from './options.ts';

/**
 * `soffio fuzz raft --seed S --steps N [--log FILE]`: runs the Raft cores in a seeded
 * simulated cluster (delay, loss, duplication, reordering, partitions, crash and restart),
 * checking the spec's invariants after every step. Prints the seed; the same seed gives the
 * same run. Exit 0 when no invariant broke, 1 naming the seed, the step and the property.
 *
 * Example: `soffio fuzz raft --seed 42 --steps 10000 --log run.ndjson`.
 */
export async function runFuzz(protocol: string, flags: { readonly seed?: string; readonly steps?: string; readonly log?: string }, io: CliIo): Promise<ExitCode> {
  if (protocol !== 'raft') throw new UsageError(`fuzz runs the raft implementation only, not ${protocol}`);
  const seed = seedValue(flags.seed) ?? randomInt(0, 0xffffffff);
  const steps = positiveInt('--steps', flags.steps) ?? 10_000;
  io.out(`fuzz raft, seed ${seed}, ${steps} steps\n`);
  const started = Date.now();
  const result = fuzzRaft({ seed, steps });
  const seconds = (Date.now() - started) / 1000;
  // A violation always leaves its log behind, so that `soffio validate` can check it.
  const logPath = flags.log ?? (result.violation ? `traces/out/fuzz-raft-${seed}.ndjson` : undefined);
  if (logPath) {
    const path = resolve(io.cwd, logPath);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, result.log.map(formatLogLine).join('\n') + '\n');
    } catch (err) {
      throw new UsageError(`cannot write log file '${logPath}': ${(err as Error).message.split('\n')[0]}`);
    }
  }
  const rate = Math.round(result.steps / Math.max(seconds, 1e-3));
  const logNote = logPath ? `; log in ${logPath} (${result.log.length} lines)` : '';
  if (result.violation) {
    const v = result.violation;
    io.out(`${pc.red('violation')} of ${v.property} at step ${v.step} (seed ${seed}): ${v.detail}${logNote}\n`);
    return EXIT.violation;
  }
  io.out(`${pc.green('ok')}: ${result.steps} steps, no invariant broken; ${result.leadersElected} leaderships, highest commit index ${result.maxCommitIndex}; ${rate} steps/s${logNote}\n`);
  return EXIT.ok;
}
