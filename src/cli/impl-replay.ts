import pc from 'picocolors';
import { replayOnImpl } from '../conformance/replay.ts';
import { readTraceFile } from '../trace/file.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';
import { modelOfTrace } from './trace-model.ts';

/**
 * `soffio replay TRACE --impl`: drives the protocol's implementation core through the trace,
 * event by event, and compares the abstracted implementation with every recorded state.
 * Exit 0 when the implementation conforms; exit 1 naming the step, its event and the fields
 * that differ.
 *
 * Example: `soffio replay traces/raft/commit-old-term.itf.json --impl` diverges at the step
 * where the broken model commits an entry of an earlier term.
 */
export async function runImplReplay(path: string, flags: { readonly protocol?: string }, io: CliIo): Promise<ExitCode> {
  const trace = readTraceFile(path, io.cwd);
  const model = await modelOfTrace(trace, io, path, flags.protocol);
  const outcome = replayOnImpl(model, trace);
  const what = `${trace.meta.protocol} (variant ${trace.meta.variant})`;
  if (outcome.ok) {
    io.out(`${pc.green('implementation conforms')}: ${outcome.steps} steps of ${what} replayed on the implementation, every state agrees\n`);
    return EXIT.ok;
  }
  io.out(`${pc.red('implementation diverges')} at step ${outcome.step} of ${what}: ${outcome.event}\n  ${outcome.reason}\n`);
  if (outcome.differences.length > 0) io.out(`  model -> implementation:\n${outcome.differences.map((d) => `    ${d}`).join('\n')}\n`);
  return EXIT.violation;
}
