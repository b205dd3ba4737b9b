import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { lintProject } from '../lint/lint.ts';
import { formatFinding } from '../lint/finding.ts';
import type { ProtocolDefinition } from '../model/protocol.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';

/** The project's own root: lint reads models/ and spec/ of Soffio itself. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * `soffio lint [--no-check]`: models are pure, every named guard and action is used, every
 * property is broken by some variant and every witness is reached (the last two run the
 * checker; --no-check skips that). Prints `file:line: message` per finding; exit 0 when
 * clean, 1 with findings.
 *
 * Example: `soffio lint --no-check`.
 */
export async function runLint(flags: { readonly check?: boolean }, io: CliIo): Promise<ExitCode> {
  const defs: ProtocolDefinition[] = [];
  for (const name of io.protocols.names) defs.push(await io.protocols.load(name));
  const findings = lintProject(ROOT, defs, { check: flags.check !== false, onRun: (what) => io.err(`soffio lint: checking ${what}\n`) });
  for (const f of findings) io.out(formatFinding(f) + '\n');
  io.out(findings.length === 0 ? 'soffio lint: clean\n' : `soffio lint: ${findings.length} finding${findings.length === 1 ? '' : 's'}\n`);
  return findings.length === 0 ? EXIT.ok : EXIT.violation;
}
