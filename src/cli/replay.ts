import pc from 'picocolors';
import { readTraceFile } from '../trace/file.ts';
import { replayTrace } from '../trace/replay.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';
import { modelOfTrace } from './trace-model.ts';

/**
 * `soffio replay TRACE`: rebuilds the model from the trace's #meta, re-executes every
 * recorded action and checks each state is the one recorded. Exit 0 when all match; exit 1
 * naming the first step that diverges and the fields that differ.
 *
 * Example: `soffio replay traces/paxos/minority-quorum.itf.json && echo still reproduces`.
 */
export async function runReplay(path: string, flags: { readonly protocol?: string }, io: CliIo): Promise<ExitCode> {
  const trace = readTraceFile(path, io.cwd);
  const model = await modelOfTrace(trace, io, path, flags.protocol);
  const outcome = replayTrace(model, trace);
  const what = `${trace.meta.protocol} (variant ${trace.meta.variant})`;
  if (outcome.ok) {
    io.out(`${pc.green('replay ok')}: ${outcome.steps} steps of ${what} re-executed, every state matches the recording\n`);
    if (outcome.confirmed) io.out(`${outcome.confirmed}\n`);
    return EXIT.ok;
  }
  io.out(`${pc.red('replay diverges')} at step ${outcome.step} of ${what}: ${outcome.reason}\n`);
  if (outcome.differences.length > 0) io.out(`  recorded -> replayed:\n${outcome.differences.join('\n')}\n`);
  return EXIT.violation;
}
