import { UsageError } from '../model/errors.ts';
import type { ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';

export interface QuorumsFlags {
  readonly n: string;
  readonly q1?: string;
  readonly q2?: string;
  readonly grid?: string;
  readonly json?: boolean;
}

/** `soffio quorums --n 4 --q1 2 --q2 3`: exit 0 when every Phase 1 quorum meets every Phase 2 quorum, 1 naming a pair that does not. */
export async function runQuorums(flags: QuorumsFlags, io: CliIo): Promise<ExitCode> {
  const { quorumsCommand } = await import('../quorum/command.ts');
  const { exitCode, text } = quorumsCommand({ n: count('--n', flags.n)!, q1: count('--q1', flags.q1), q2: count('--q2', flags.q2), grid: flags.grid, json: flags.json });
  io.out(text);
  return exitCode;
}

function count(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${flag} must be a whole number, got '${text}'`);
  return Number(text);
}
