import pc from 'picocolors';
import { validateRaftLog } from '../conformance/validate.ts';
import { validationModel } from '../conformance/validation-model.ts';
import { readRaftLog } from '../fuzz/read-log.ts';
import { UsageError } from '../model/errors.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';

/**
 * `soffio validate LOG --protocol raft`: searches the model for a behaviour consistent with
 * an implementation's NDJSON event log. Exit 0 when every line is explained; exit 1 naming
 * the first line that is not, with the closest model states.
 *
 * Example: `soffio fuzz raft --seed 7 --log run.ndjson && soffio validate run.ndjson --protocol raft`.
 */
export async function runValidate(path: string, flags: { readonly protocol: string; readonly variant?: string }, io: CliIo): Promise<ExitCode> {
  if (flags.protocol !== 'raft') throw new UsageError(`validate knows the event logs of raft only, not of ${flags.protocol}`);
  const lines = readRaftLog(path, io.cwd);
  const servers = serverCount(lines);
  const model = validationModel(await io.protocols.load('raft'), servers, flags.variant);
  const started = Date.now();
  const result = validateRaftLog(lines, model);
  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  if (result.ok) {
    io.out(`${pc.green('valid')}: ${result.lines} events of ${path} explained by raft (variant ${model.variant}, ${servers} servers) in ${seconds} s; at most ${result.maxCandidates} model states fit at once\n`);
    return EXIT.ok;
  }
  io.out(`${pc.red('invalid')}: line ${result.line} of ${path}: ${result.reason}\n`);
  result.closest.forEach((diffs, i) => io.out(`  closest model state ${i + 1}:\n${diffs.map((d) => `    ${d}`).join('\n')}\n`));
  return EXIT.violation;
}

/** Servers s1..sN: N is the highest index any line names. */
function serverCount(lines: readonly { node?: string; msg?: { from: string; to: string } }[]): number {
  let n = 2;
  for (const line of lines) {
    for (const id of [line.node, line.msg?.from, line.msg?.to]) {
      const match = id === undefined ? null : /^s(\d+)$/.exec(id);
      if (id !== undefined && !match) throw new UsageError(`the log names server '${id}'; validation expects servers s1..sN`);
      if (match) n = Math.max(n, Number(match[1]));
    }
  }
  if (n > 5) throw new UsageError(`the log names ${n} servers; the raft model takes at most 5`);
  return n;
}
