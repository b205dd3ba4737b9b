import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { toyIo } from './support/cli-toy.ts';

/**
 * The commands driven in process over the toy protocols of test/support/cli-toy.ts, whose
 * state counts are known by hand: `counter` with max = 3 has 4 states (n = 0..3) and 3
 * steps; its `broken` variant violates BelowBad (n < 2) at n = 2, depth 2.
 */

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'soffio-cli-cmd-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function soffio(...args: string[]) {
  const io = toyIo(dir);
  const code = await main(args, io);
  const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
  return { code, stdout: plain(io.stdout), stderr: plain(io.stderr) };
}

describe('soffio check', () => {
  it('exits 0 and reports every count when all properties hold', async () => {
    const { code, stdout, stderr } = await soffio('check', 'counter', '--json');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const r = JSON.parse(stdout);
    expect(r).toMatchObject({ protocol: 'counter', variant: 'default', params: { max: 3 }, strategy: 'bfs', result: 'ok', distinctStates: 4, statesGenerated: 4, maxDepth: 3, properties: [], witnesses: { ReachedMax: true } });
    for (const field of ['durationMs', 'statesPerSecond']) expect(typeof r[field]).toBe('number');
    expect(r.violation).toBeUndefined();
  });

  it('exits 1 on a violation, writes the ITF trace and reports its path', async () => {
    const out = join(dir, 'sub', 'broken.itf.json');
    const { code, stdout } = await soffio('check', 'counter', '--variant', 'broken', '--json', '--trace-out', out);
    expect(code).toBe(1);
    const r = JSON.parse(stdout);
    expect(r).toMatchObject({ result: 'violation', violation: { property: 'BelowBad', depth: 2 }, tracePath: out, witnesses: { ReachedMax: false } });
    expect(r.violation.trace.states).toHaveLength(3);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(r.violation.trace);
    // Written through a temporary file that is renamed: nothing else is left in the folder.
    expect(readdirSync(join(dir, 'sub'))).toEqual(['broken.itf.json']);
  });

  it('writes to traces/out/<protocol>-<variant>.itf.json by default', async () => {
    const { code, stdout } = await soffio('check', 'counter', '--variant', 'broken');
    expect(code).toBe(1);
    expect(existsSync(join(dir, 'traces/out/counter-broken.itf.json'))).toBe(true);
    expect(stdout).toContain('trace written to traces/out/counter-broken.itf.json');
  });

  it('exits 3 when a limit cuts the search', async () => {
    const { code, stdout } = await soffio('check', 'counter', '--param', 'max=30', '--max-states', '10', '--json');
    expect(code).toBe(3);
    expect(JSON.parse(stdout)).toMatchObject({ result: 'incomplete', distinctStates: 10, incompleteReason: 'stopped at --max-states 10' });
  });

  it('prints the params, the counts, the witnesses and the trace for a person', async () => {
    const { stdout } = await soffio('check', 'counter', '--variant', 'broken', '--trace-out', join(dir, 'human.itf.json'));
    expect(stdout).toContain('params: max=3');
    expect(stdout).toContain('result: VIOLATION of BelowBad (invariant) at depth 2');
    expect(stdout).toMatch(/distinct states\s+3/);
    expect(stdout).toMatch(/witnesses\s+ReachedMax NOT found/);
    expect(stdout).toContain('2  counter c inc\n    c.n: 1 -> 2\n');
  });

  it('repeats a simulation exactly from its seed, and prints the seed', async () => {
    const args = ['check', 'ping', '--param', 'pings=3', '--strategy', 'simulate', '--seed', '42', '--runs', '20', '--depth', '6', '--json'];
    const a = JSON.parse((await soffio(...args)).stdout);
    const b = JSON.parse((await soffio(...args)).stdout);
    expect(a.seed).toBe(42);
    expect(a.result).toBe('incomplete');
    expect({ ...a, durationMs: 0, statesPerSecond: 0 }).toEqual({ ...b, durationMs: 0, statesPerSecond: 0 });
    const fresh = await soffio('check', 'counter', '--strategy', 'simulate', '--runs', '2');
    expect(fresh.code).toBe(3);
    expect(fresh.stdout).toMatch(/^seed: \d+ \(2 runs of at most 100 steps\)$/m);
  });

  it('rejects an unknown variant, parameter, or a value of the wrong type or range (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['--variant', 'nope'], /unknown variant 'nope' of counter \(known: default, broken\)/],
      [['--param', 'min=1'], /unknown parameter 'min' of counter/],
      [['--param', 'max=three'], /parameter 'max' of counter must be an integer, got 'three'/],
      [['--param', 'max=99'], /parameter 'max' of counter must be between 1 and 50, got 99/],
      [['--param', 'max=2', '--param', 'max=3'], /parameter 'max' is given twice/],
    ];
    for (const [extra, message] of cases) {
      const { code, stdout, stderr } = await soffio('check', 'counter', ...extra);
      expect(code, extra.join(' ')).toBe(2);
      expect(stderr).toMatch(/^soffio: [^\n]+\n$/);
      expect(stderr).toMatch(message);
      expect(stdout).toBe('');
    }
  });
});

describe('soffio list', () => {
  it('lists protocols with roles, parameters, variants, properties and witnesses', async () => {
    const { code, stdout } = await soffio('list', '--json');
    expect(code).toBe(0);
    const counter = JSON.parse(stdout).protocols.find((p: { name: string }) => p.name === 'counter');
    expect(counter).toMatchObject({ roles: ['counter'], params: [{ name: 'max', default: 3, min: 1, max: 50 }], properties: ['BelowBad'], witnesses: ['ReachedMax'] });
    expect(counter.variants[1]).toMatchObject({ name: 'broken', breaks: 'BelowBad', default: false });
    const text = (await soffio('list')).stdout;
    expect(text).toContain('max  int 1..50, default 3');
    expect(text).toMatch(/broken\s+BelowBad fails at 2 \(breaks BelowBad\)/);
  });
});

describe('soffio show and replay', () => {
  let trace: string;
  beforeAll(async () => {
    trace = join(dir, 'ping.itf.json');
    // With every ping delivered nothing is enabled: a Deadlock after 2 sends and 2 deliveries.
    const { code } = await soffio('check', 'ping', '--param', 'network=fifo', '--deadlock', '--trace-out', trace);
    expect(code).toBe(1);
  });

  it('show prints each step and what it changed', async () => {
    const { code, stdout } = await soffio('show', trace);
    expect(code).toBe(0);
    expect(stdout).toContain('ping (variant default), a counterexample to Deadlock (deadlock), 4 steps');
    expect(stdout).toContain('params: pings=2, network=fifo, drop=false');
    expect(stdout).toContain(['1  sender s send', '    s.sent: 0 -> 1', '    + ping(k=1) from s to r'].join('\n'));
    expect(stdout).toContain(['3  receiver r receives ping(k=1) from s', '    r.got: [] -> [1]', '    - ping(k=1) from s to r'].join('\n'));
  });

  it('replay exits 0 when every state matches', async () => {
    const { code, stdout } = await soffio('replay', trace);
    expect(code).toBe(0);
    expect(stdout).toContain('replay ok: 4 steps of ping (variant default)');
  });

  it('replay exits 1 on a tampered trace, naming the step and the field', async () => {
    const json = JSON.parse(readFileSync(trace, 'utf8'));
    json.states[3].nodes['#map'][1][1].context.got = [{ '#bigint': '5' }];
    const tampered = join(dir, 'tampered.itf.json');
    writeFileSync(tampered, JSON.stringify(json));
    const { code, stdout } = await soffio('replay', tampered);
    expect(code).toBe(1);
    expect(stdout).toContain('replay diverges at step 3 of ping (variant default): receiver r receives ping(k=1) from s leads to another state than the one recorded');
    expect(stdout).toContain('    r.got: [5] -> [1]');
  });
});
