import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { traceFiles } from './build.ts';

/**
 * Serves the built explorer on 127.0.0.1 and nothing else: static files only, read-only,
 * no path outside the site. `traces/` is served live from the project's traces folder when
 * one is given, so traces written after the build are listed too.
 */

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Example: `const server = await serveExplorer({ siteDir: 'src/explorer/dist', port: 0 }); console.log(server.url)`. */
export function serveExplorer(options: { siteDir: string; port: number; tracesDir?: string }): Promise<RunningServer> {
  const site = resolve(options.siteDir);
  const traces = options.tracesDir && existsSync(options.tracesDir) ? resolve(options.tracesDir) : undefined;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    let path = decodeURIComponent(url.pathname);
    if (path.endsWith('/')) path += 'index.html';
    if (traces && path === '/traces/index.json') {
      response.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' });
      response.end(JSON.stringify(traceFiles(traces)));
      return;
    }
    const root = traces && path.startsWith('/traces/') ? traces : site;
    const relativePath = traces && path.startsWith('/traces/') ? path.slice('/traces/'.length) : path.slice(1);
    const file = resolve(root, normalize(relativePath));
    if ((file !== root && !file.startsWith(root + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('not found\n');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    response.end(readFileSync(file));
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      done({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((closed) => server.close(() => closed())) });
    });
  });
}
