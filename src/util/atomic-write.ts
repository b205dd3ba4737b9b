import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../model/errors.ts';

/**
 * Writes `text` to `path` through a temporary file in the same folder and a rename, creating
 * the folder: a reader never sees half a file, and a failure leaves nothing behind. Throws a
 * one-line UsageError naming `what` (e.g. `trace file 'x.itf.json'`).
 *
 * Example: `writeAtomically('traces/out/raft.itf.json', json, "trace file 'traces/out/raft.itf.json'")`.
 */
export function writeAtomically(path: string, text: string, what: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (err) {
    // The temporary file may not exist, or its folder may not be one (ENOTDIR): nothing to clean.
    try {
      rmSync(temp, { force: true });
    } catch {
      // keep the first error: it says why the file was not written
    }
    throw new UsageError(`cannot write ${what}: ${(err as Error).message.split('\n')[0]}`);
  }
}
