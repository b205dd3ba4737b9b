import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultIo, main } from '../../src/cli/main.ts';

/** The real `soffio` command, as a user runs it: `node bin/soffio.mjs ARGS` in `cwd`. */
export const SOFFIO_BIN = fileURLToPath(new URL('../../bin/soffio.mjs', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Example: `const { code, stdout } = await runSoffio(['list', '--json'])`. */
export function runSoffio(args: readonly string[], cwd = process.cwd()): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SOFFIO_BIN, ...args],
      // No colours, so the text can be compared; no CI flag, which would force them on.
      { cwd, env: { ...process.env, NO_COLOR: '1', CI: '', FORCE_COLOR: '' }, maxBuffer: 64 * 1024 * 1024, timeout: 100_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs several invocations at once: the CLI's start-up dominates these short runs. */
export function runAll(runs: Record<string, { args: readonly string[]; cwd?: string }>): Promise<Record<string, CliRun>> {
  const names = Object.keys(runs);
  return Promise.all(names.map((n) => runSoffio(runs[n].args, runs[n].cwd))).then((results) => Object.fromEntries(names.map((n, i) => [n, results[i]])));
}

/** The same command run in this process through main(), with the real protocol registry. */
export async function runInProcess(args: readonly string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io = { ...defaultIo(), cwd, interactive: false, out: (t: string) => void (stdout += t), err: (t: string) => void (stderr += t) };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
