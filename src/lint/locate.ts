import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Finds the line that declares a name in a folder's TypeScript, so a finding about a running
 * model (an unused guard, a variant that breaks nothing) can still point at the source.
 */

export interface Location {
  readonly file: string;
  readonly line: number;
}

/**
 * The first line under `folder` (relative to `root`) matching `pattern`, searching files in
 * sorted order; else line 1 of `fallback`.
 *
 * Example: `locate(root, 'models/paxos', /\bmayPromise\s*[:(]/, 'models/paxos/index.ts')`.
 */
export function locate(root: string, folder: string, pattern: RegExp, fallback: string): Location {
  const dir = join(root, folder);
  for (const path of existsSync(dir) ? tsFiles(dir) : []) {
    const lines = readFileSync(path, 'utf8').split('\n');
    const at = lines.findIndex((line) => pattern.test(line));
    if (at >= 0) return { file: relative(root, path).split('\\').join('/'), line: at + 1 };
  }
  return { file: fallback, line: 1 };
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (entry.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** A regular expression matching `text` literally. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
