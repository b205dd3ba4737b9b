import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Builds the explorer's static files with Vite (src/explorer/dist by default) and copies the
 * project's traces/ into them, with `traces/index.json` listing them, so the built folder is
 * a whole site for any static host.
 */

export const EXPLORER_DIR = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_OUT_DIR = join(EXPLORER_DIR, 'dist');

/** Example: `await buildExplorer({ outDir: '/tmp/site', tracesDir: 'traces' })` writes /tmp/site/index.html. */
export async function buildExplorer(options: { outDir?: string; tracesDir?: string } = {}): Promise<string> {
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR);
  const { build } = await import('vite');
  await build({ configFile: join(EXPLORER_DIR, 'vite.config.ts'), build: { outDir, emptyOutDir: true } });
  const names = options.tracesDir && existsSync(options.tracesDir) ? traceFiles(options.tracesDir) : [];
  mkdirSync(join(outDir, 'traces'), { recursive: true });
  for (const name of names) {
    mkdirSync(dirname(join(outDir, 'traces', name)), { recursive: true });
    copyFileSync(join(options.tracesDir!, name), join(outDir, 'traces', name));
  }
  writeFileSync(join(outDir, 'traces', 'index.json'), JSON.stringify(names) + '\n');
  return outDir;
}

/** Every `.itf.json` file under `dir`, as paths relative to it with `/`, sorted. */
export function traceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder).sort()) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.itf.json')) out.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return out;
}

/** Whether a built site exists in `outDir`. */
export function isBuilt(outDir = DEFAULT_OUT_DIR): boolean {
  return existsSync(join(outDir, 'index.html'));
}

/** The folders whose sources the site bundles: a change in one makes a built site stale. */
const SOURCE_DIRS = ['src', 'models', 'spec'].map((d) => join(EXPLORER_DIR, '..', '..', d));

/**
 * Whether the site in `outDir` is missing or older than a source it bundles, so `soffio
 * explore` never serves a page that disagrees with the CLI. Example: `if (isStale()) await buildExplorer()`.
 */
export function isStale(outDir = DEFAULT_OUT_DIR): boolean {
  if (!isBuilt(outDir)) return true;
  const builtAt = statSync(join(outDir, 'index.html')).mtimeMs;
  const newer = (dir: string): boolean =>
    existsSync(dir) &&
    readdirSync(dir).some((entry) => {
      const path = join(dir, entry);
      if (path === resolve(outDir) || entry === 'node_modules') return false;
      const info = statSync(path);
      return info.isDirectory() ? newer(path) : /\.(ts|html|css)$/.test(entry) && info.mtimeMs > builtAt;
    });
  return SOURCE_DIRS.some(newer);
}
