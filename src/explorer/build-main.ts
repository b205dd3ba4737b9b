import { join } from 'node:path';
import { buildExplorer, EXPLORER_DIR } from './build.ts';

// `npm run build:explorer`: the static site in src/explorer/dist, with the project's traces.
const outDir = await buildExplorer({ tracesDir: join(EXPLORER_DIR, '..', '..', 'traces') });
process.stdout.write(`explorer built in ${outDir}\n`);
