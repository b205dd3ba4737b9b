import { join, resolve } from 'node:path';
import type { ExitCode } from '../cli/exit-codes.ts';
import { EXIT } from '../cli/exit-codes.ts';
import type { CliIo } from '../cli/io.ts';
import { keyValues, positiveInt } from '../cli/options.ts';
import { coverAll, writeCoveringTraces } from './generated.ts';

export interface CoverageFlags {
  readonly param?: readonly string[];
  readonly maxStates?: string;
  /** Write the traces to traces/generated/<protocol>/. */
  readonly write?: boolean;
}

/**
 * `soffio coverage PROTOCOL`: generates, by a breadth-first search of the default model, one
 * shortest trace per statechart transition and prints transitions covered / total per role;
 * with `--write`, writes the traces to traces/generated/<protocol>/. Exit 0 when every
 * transition is covered, 3 when some are not (the bounds may be too small).
 *
 * Example: `soffio coverage paxos --write`.
 */
export async function runCoverage(protocol: string, flags: CoverageFlags, io: CliIo): Promise<ExitCode> {
  const def = await io.protocols.load(protocol);
  const started = Date.now();
  const found = coverAll(def, keyValues(flags.param ?? []), positiveInt('--max-states', flags.maxStates));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.out(`${protocol} (variant default), ${found.statesExplored} states explored in ${seconds} s${found.cut ? ' (cut at --max-states)' : ''}\n`);
  for (const role of found.coverage) {
    io.out(`  ${role.role}: ${role.covered}/${role.total} transitions covered\n`);
    for (const name of role.missing) io.out(`    not covered: ${name}\n`);
  }
  if (flags.write) {
    const dir = join('traces', 'generated', protocol);
    const paths = writeCoveringTraces(found, resolve(io.cwd, dir), `soffio coverage ${protocol} --write`);
    io.out(`wrote ${paths.length} traces to ${dir}/\n`);
  }
  return found.coverage.every((r) => r.covered === r.total) ? EXIT.ok : EXIT.incomplete;
}
