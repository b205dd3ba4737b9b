import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeAtomically } from '../util/atomic-write.ts';
import { UsageError } from '../model/errors.ts';
import { fromItf, type ItfTrace, type ParsedTrace } from './itf.ts';

/**
 * Trace files on disk. Reading turns every way a file can be wrong (missing, empty,
 * truncated, not ITF) into one UsageError line naming the file; writing goes through a
 * temporary file in the same folder and a rename, so a crash never leaves half a trace.
 */

/** Reads `path` (relative to `cwd`). Example: `readTraceFile('traces/paxos/minority-quorum.itf.json').meta.protocol === 'paxos'`. */
export function readTraceFile(path: string, cwd = process.cwd()): ParsedTrace {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new UsageError(`cannot read trace file '${path}': ${why}`);
  }
  if (text.trim() === '') throw new UsageError(`trace file '${path}' is empty`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`trace file '${path}' is not valid JSON, perhaps truncated (${(err as Error).message.split('\n')[0]})`);
  }
  try {
    return fromItf(json);
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`trace file '${path}': ${err.message}`);
    throw err;
  }
}

/** Writes `trace` as JSON to `path`, creating its folder; atomically (temp file + rename). */
export function writeTraceFile(path: string, trace: ItfTrace): void {
  writeAtomically(path, formatTrace(trace), `trace file '${path}'`);
}

/** JSON with one state per line: small, and a changed state is a one-line diff in git. */
export function formatTrace(trace: ItfTrace): string {
  const states = trace.states.map((s) => '  ' + JSON.stringify(s)).join(',\n');
  return `{\n "#meta": ${JSON.stringify(trace['#meta'])},\n "vars": ${JSON.stringify(trace.vars)},\n "states": [\n${states}\n ]\n}\n`;
}
