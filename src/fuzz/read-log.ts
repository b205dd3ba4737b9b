import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../model/errors.ts';
import type { RaftLogLine } from './log.ts';

const EVENTS = ['tick', 'receive', 'propose', 'drop', 'duplicate', 'restart', 'partition', 'heal'];

/**
 * Reads an NDJSON event log; UsageError naming the file and line on anything malformed.
 * Blank lines are skipped.
 *
 * Example: `readRaftLog('run.ndjson').length`.
 */
export function readRaftLog(path: string, cwd = process.cwd()): RaftLogLine[] {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read log file '${path}': ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  return parseRaftLog(text, path);
}

/**
 * Parses NDJSON text; `name` appears in errors.
 *
 * Example: `parseRaftLog('{"step":1,"node":"s1","event":"tick"}\n')[0].event === 'tick'`.
 */
export function parseRaftLog(text: string, name = 'the log'): RaftLogLine[] {
  const out: RaftLogLine[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let line: unknown;
    try {
      line = JSON.parse(raw);
    } catch {
      throw new UsageError(`${name}, line ${i + 1}: not valid JSON`);
    }
    if (typeof line !== 'object' || line === null || !EVENTS.includes((line as { event?: string }).event ?? '')) {
      throw new UsageError(`${name}, line ${i + 1}: no known event (one of ${EVENTS.join(', ')})`);
    }
    out.push(line as RaftLogLine);
  });
  return out;
}
