import { createServer } from 'node:net';

/**
 * A base port with `count` consecutive free ports on 127.0.0.1, found by binding each of them
 * (a random high base, so that concurrent test files rarely collide).
 *
 * Example: `const base = await freeBasePort(3); await startCluster(dir, { nodes: 3, basePort: base })`.
 */
export async function freeBasePort(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    let ok = true;
    for (let p = base; p < base + count && ok; p++) ok = await canBind(p);
    if (ok) return base;
  }
  throw new Error(`no ${count} consecutive free ports found on 127.0.0.1`);
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
