/**
 * The entry point of one node process: `node --import tsx src/cluster/main.ts <data dir> <id>`.
 * The supervisor (supervisor.ts) starts it detached; it logs to stdout (redirected to
 * `<data>/<id>/node.log`) and exits on SIGTERM after closing its files.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeDir, readLayout } from './layout.ts';
import { ClusterNode } from './node.ts';

const [dataDir, id] = process.argv.slice(2);
const stamp = (line: string): void => void process.stdout.write(`${new Date().toISOString()} ${line}\n`);
try {
  const layout = readLayout(dataDir);
  const node = await ClusterNode.start(layout, dataDir, id, stamp);
  writeFileSync(join(nodeDir(dataDir, id), 'pid'), String(process.pid));
  stamp(`${id}: pid ${process.pid} serving on ${layout.host}:${layout.nodes.find((n) => n.id === id)!.httpPort}`);
  const stop = (): void => {
    node.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (err) {
  stamp(`${id}: cannot start: ${(err as Error).message}`);
  process.exit(1);
}
