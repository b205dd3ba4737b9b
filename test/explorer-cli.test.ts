import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runSoffio, SOFFIO_BIN } from './support/cli-run.ts';

describe('soffio explore', () => {
  it('serves the explorer page on 127.0.0.1 until interrupted, then exits 0', async () => {
    const child = spawn(process.execPath, [SOFFIO_BIN, 'explore'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      // The first run builds the site with Vite (once), then prints the address.
      const url = await new Promise<string>((done, fail) => {
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += String(chunk);
          const found = /soffio explorer at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (found) done(found[1]);
        });
        child.on('exit', () => fail(new Error(`soffio explore exited early: ${out}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Soffio explorer</title>');
      expect(Array.isArray(await (await fetch(url + 'traces/index.json')).json())).toBe(true);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 180_000);

  it('rejects a port that is not a port with one line and exit 2', async () => {
    const run = await runSoffio(['explore', '--port', 'eighty']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("soffio: --port must be a whole number from 0 to 65535, got 'eighty'\n");
  });
});
