import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bfs } from '../src/checker/bfs.ts';
import { buildExplorer } from '../src/explorer/build.ts';
import { resolveParams, variantOf } from '../src/model/protocol.ts';
import { loadProtocol } from '../src/registry.ts';
import { toItf } from '../src/trace/itf.ts';
import { serveExplorer, type RunningServer } from '../src/explorer/server.ts';
import { CHROMIUM, hasChromium, launchChromium } from './support/browser.ts';

/**
 * The explorer in a real browser: the site is built with Vite from the current sources into
 * a temporary folder, served on 127.0.0.1 by the same server as `soffio explore`, and driven
 * by Debian's headless Chromium. The checker runs in the page's Web Worker.
 */

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
let site: string;
let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let paxosTrace: Awaited<ReturnType<typeof paxosCounterexample>>;

/** Paxos minority-quorum's shortest counterexample, from the Node checker (not the page's worker). */
async function paxosCounterexample() {
  const paxos = await loadProtocol('paxos');
  const model = paxos.build(resolveParams(paxos, variantOf(paxos, 'minority-quorum'), {}), 'minority-quorum');
  const result = bfs(model);
  const violation = result.violation!;
  const itf = toItf(model, violation.trace, { property: violation.property, propertyKind: 'invariant', producedBy: { tool: 'soffio', command: 'test' } });
  return { model, violation, itf, steps: violation.trace.actions.length, distinctStates: result.distinctStates };
}

beforeAll(async () => {
  if (!hasChromium()) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package (.ci/run does)`);
  site = mkdtempSync(join(tmpdir(), 'soffio-explorer-'));
  await buildExplorer({ outDir: site });
  // traces/ as `soffio explore` serves it: one counterexample written by the Node checker.
  paxosTrace = await paxosCounterexample();
  mkdirSync(join(site, 'project-traces', 'out'), { recursive: true });
  writeFileSync(join(site, 'project-traces', 'out', 'paxos-minority-quorum.itf.json'), JSON.stringify(paxosTrace.itf));
  server = await serveExplorer({ siteDir: site, port: 0, tracesDir: join(site, 'project-traces') });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

async function open(fragment = ''): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await browser.context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url + fragment);
  await page.waitForSelector('#actions li');
  return { page, pageErrors };
}

describe('the explorer as a static site', () => {
  it('bundles the engine with nothing Node-only and nothing fetched from elsewhere', () => {
    const assets = readdirSync(join(site, 'assets')).filter((f) => f.endsWith('.js') || f.endsWith('.html'));
    expect(assets.some((f) => f.startsWith('worker'))).toBe(true);
    for (const file of [...assets.map((f) => join(site, 'assets', f)), join(site, 'index.html')]) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/(from|import)\s*\(?\s*["']node:/);
      // What Vite leaves for a Node built-in it cannot bundle: a stub that throws when used.
      expect(text, file).not.toContain('browser-external');
      expect(text, file).not.toMatch(/<script[^>]+src="https?:/);
    }
  });
});

describe('the explorer in Chromium', () => {
  // Issue 7: the page posted its request straight after `new Worker(...)`, while the worker
  // was still in the fingerprint module's top-level await with no handler yet; Chromium
  // dropped the message and the check never started, in about half the runs. The worker now
  // says `ready` first. Without it this test sees no message at all and fails after 60 s.
  it("starts the checker's worker with a handshake: `ready` first, then the request is checked", async () => {
    const { page, pageErrors } = await open();
    const script = readdirSync(join(site, 'assets')).find((f) => f.startsWith('worker') && f.endsWith('.js'))!;
    const request = { protocol: 'paxos', variant: 'minority-quorum', params: {}, maxStates: 1_000_000, timeLimitMs: 120_000 };
    const replies = await page.evaluate(
      ({ url, request }) =>
        new Promise<{ type: string; distinctStates?: number; violation?: { property: string; depth: number } }[]>((done) => {
          const seen: { type: string; distinctStates?: number; violation?: { property: string; depth: number } }[] = [];
          const worker = new Worker(url, { type: 'module' });
          const finish = () => {
            worker.terminate();
            done(seen);
          };
          const timer = setTimeout(finish, 60_000);
          worker.onmessage = (event) => {
            const { type, distinctStates, violation } = event.data;
            if (type !== 'progress') seen.push({ type, distinctStates, violation: violation && { property: violation.property, depth: violation.depth } });
            if (type === 'ready') worker.postMessage(request);
            if (type === 'done' || type === 'error') {
              clearTimeout(timer);
              finish();
            }
          };
        }),
      { url: `assets/${script}`, request },
    );
    // The same search as the Node checker's: same property, same depth, same number of states.
    expect(replies).toEqual([
      { type: 'ready' },
      { type: 'done', distinctStates: paxosTrace.distinctStates, violation: { property: paxosTrace.violation.property, depth: paxosTrace.steps } },
    ]);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('finds the Figure 8 bug of Raft commit-old-term and plays its counterexample to the violating step', async () => {
    const { page, pageErrors } = await open();
    await page.selectOption('#protocol', 'raft');
    await page.waitForSelector('#variant option[value="commit-old-term"]', { state: 'attached' });
    await page.selectOption('#variant', 'commit-old-term');
    await page.click('#load');
    await page.waitForFunction(() => location.hash.includes('variant=commit-old-term'));
    await page.click('#check');
    // A worker that never takes the request (issue 7) reports no states ever: fail in a
    // minute instead of waiting out the check's whole budget.
    await expect.poll(() => page.locator('#progress').textContent(), { timeout: 60_000, interval: 250 }).toMatch(/distinct states/);
    const result = page.locator('#check-result');
    await expect.poll(() => result.textContent(), { timeout: 420_000, interval: 1000 }).toMatch(/^(Violation|Every|Incomplete)/);
    // The variant's `breaks`: the paper's Figure 8 loses a committed entry (Leader Completeness).
    const text = (await result.textContent()) ?? '';
    expect(text).toMatch(/^Violation of LeaderCompleteness after \d+ steps\.$/);
    const depth = Number(/after (\d+) steps/.exec(text)![1]);

    await page.click('#play');
    await expect.poll(() => page.locator('#position').textContent()).toBe(`step 0 of ${depth}`);
    for (let step = 1; step <= depth; step++) {
      await page.click('#forward');
      await expect.poll(() => page.locator('#position').textContent()).toBe(`step ${step} of ${depth}`);
      if (step === depth - 1) expect(await page.locator('#status').getAttribute('class')).toBe('holds');
    }
    await expect.poll(() => page.locator('#status').textContent()).toBe(`Violated at step ${depth}: LeaderCompleteness`);
    expect(await page.locator('#forward').isDisabled()).toBe(true);
    // Both synchronised views: every server's statechart with its state lit, and the sequence
    // chart ending at this step with the violation under it.
    await expect.poll(() => page.locator('#statechart figure').count()).toBe(3);
    await expect.poll(() => page.locator('#statechart g.node.lit').count()).toBe(3);
    expect(await page.locator('#sequence svg').textContent()).toContain(`LeaderCompleteness is violated after step ${depth}`);
    expect(await page.locator('#cluster .node.touched').count()).toBe(1);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-raft-commit-old-term.png'), fullPage: true });

    // The permalink alone brings another page to the same violating step.
    const permalink = await page.locator('#permalink').getAttribute('href');
    const again = await open(new URL(permalink!).hash);
    await expect.poll(() => again.page.locator('#status').textContent()).toBe(`Violated at step ${depth}: LeaderCompleteness`);
    expect(await again.page.locator('#position').textContent()).toBe(`step ${depth} of ${depth}`);
    expect([...pageErrors, ...again.pageErrors]).toEqual([]);
  }, 600_000);

  it('says clearly what is wrong with an uploaded file that is not a trace and with a parameter out of range', async () => {
    const { page, pageErrors } = await open();
    const error = page.locator('#error');
    await page.setInputFiles('#trace-upload', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('meeting at noon') });
    await expect.poll(() => error.textContent()).toBe('notes.txt is not a trace: it is not JSON');
    expect(await error.isVisible()).toBe(true);

    await page.setInputFiles('#trace-upload', { name: 'config.json', mimeType: 'application/json', buffer: Buffer.from('{"name": "soffio"}') });
    await expect.poll(() => error.textContent()).toMatch(/^config\.json is not a Soffio trace: /);

    await page.selectOption('#protocol', 'paxos');
    await page.fill('input[name="acceptors"]', '99');
    await page.click('#load');
    await expect.poll(() => error.textContent()).toBe("parameter 'acceptors' of paxos must be between 1 and 7, got 99");
    // Never a blank page: the last good view is still there.
    expect(await page.locator('#cluster .node').count()).toBeGreaterThan(0);
    expect(await page.locator('#actions button').count()).toBeGreaterThan(0);

    await page.click('#check');
    await expect.poll(() => error.textContent()).toBe("parameter 'acceptors' of paxos must be between 1 and 7, got 99");
    expect(await page.locator('#stop').isDisabled()).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});

describe('traces in the explorer', () => {
  async function playToEnd(page: Page): Promise<void> {
    const { model, violation, steps } = paxosTrace;
    await expect.poll(() => page.locator('#position').textContent()).toBe(`step 0 of ${steps}`);
    expect(await page.locator('#variant').inputValue()).toBe('minority-quorum');
    for (let step = 1; step <= steps; step++) await page.click('#forward');
    await expect.poll(() => page.locator('#position').textContent()).toBe(`step ${steps} of ${steps}`);
    await expect.poll(() => page.locator('#status').textContent()).toBe(`Violated at step ${steps}: ${violation.property}`);
    expect(await page.locator('#last-step').textContent()).toBe(`last step (${steps}): ${model.describeAction(violation.trace.actions[steps - 1])}`);
  }

  it('plays an uploaded trace written by the checker, step by step, to its violation', async () => {
    const { page, pageErrors } = await open();
    await page.setInputFiles('#trace-upload', { name: 'paxos-minority-quorum.itf.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(paxosTrace.itf)) });
    await playToEnd(page);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('lists the traces in traces/ and plays the one picked', async () => {
    const { page, pageErrors } = await open();
    await page.waitForSelector('#trace-list option[value="out/paxos-minority-quorum.itf.json"]', { state: 'attached' });
    await page.selectOption('#trace-list', 'out/paxos-minority-quorum.itf.json');
    await page.click('#open-trace');
    await playToEnd(page);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
