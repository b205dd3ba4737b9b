import { join } from 'node:path';
import { UsageError } from '../model/errors.ts';
import { buildExplorer, DEFAULT_OUT_DIR, isStale } from '../explorer/build.ts';
import { serveExplorer } from '../explorer/server.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';

export interface ExploreFlags {
  readonly port?: string;
  readonly rebuild?: boolean;
}

/**
 * `soffio explore [--port N] [--rebuild]`: serves the web explorer on 127.0.0.1 until
 * interrupted. The static site is built with Vite into src/explorer/dist on first use and
 * again whenever a source it bundles is newer (or by `npm run build:explorer`, or with
 * --rebuild); traces/ is served live.
 *
 * Example: `soffio explore --port 8080`, then open http://127.0.0.1:8080/.
 */
export async function runExplore(flags: ExploreFlags, io: CliIo, until: Promise<void> = interrupted()): Promise<ExitCode> {
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got '${flags.port}'`);
  const tracesDir = join(io.cwd, 'traces');
  if (flags.rebuild || isStale()) {
    io.err('soffio: building the explorer (first use, or its sources changed)…\n');
    await buildExplorer({ tracesDir });
  }
  let server;
  try {
    server = await serveExplorer({ siteDir: DEFAULT_OUT_DIR, port, tracesDir });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`port ${port} is already in use; pick another with --port`);
    throw err;
  }
  io.out(`soffio explorer at ${server.url} (Ctrl-C to stop)\n`);
  await until;
  await server.close();
  return EXIT.ok;
}

function interrupted(): Promise<void> {
  return new Promise((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
}
