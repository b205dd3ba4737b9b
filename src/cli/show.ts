import pc from 'picocolors';
import { readTraceFile } from '../trace/file.ts';
import { decodeState } from '../trace/itf.ts';
import { formatParams, renderTrace } from '../trace/render.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';
import { modelOfTrace } from './trace-model.ts';

/**
 * `soffio show TRACE`: a trace for a person, one line per step and then what it changed.
 *
 * Example: `soffio show traces/paxos/minority-quorum.itf.json`.
 */
export async function runShow(path: string, flags: { readonly protocol?: string }, io: CliIo): Promise<ExitCode> {
  const trace = readTraceFile(path, io.cwd);
  const model = await modelOfTrace(trace, io, path, flags.protocol);
  const { meta } = trace;
  const states = trace.states.map((s, i) => decodeState(s, meta.network, `trace file '${path}': state ${i}`));
  const about = meta.property === undefined ? 'a run' : `a counterexample to ${meta.property}${meta.propertyKind ? ` (${meta.propertyKind})` : ''}`;
  io.out(`${pc.bold(meta.protocol)} (variant ${meta.variant}), ${about}, ${trace.actions.length} steps\n`);
  io.out(`params: ${formatParams(meta.params)}\n`);
  io.out(`produced by: ${meta.producedBy.command}\n\n`);
  io.out(renderTrace({ states, actions: trace.actions, describe: (a) => model.describeAction(a), property: meta.property }).join('\n') + '\n');
  return EXIT.ok;
}
