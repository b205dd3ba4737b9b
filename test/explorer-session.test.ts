import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/model/errors.ts';
import { brokenAt, decodeChoice, enabledActions, encodeChoice, followPath, pathOf } from '../src/explorer/session.ts';
import { serveExplorer } from '../src/explorer/server.ts';
import { contextOf } from '../src/system/view.ts';
import { counterModel, pingModel } from './support/toy.ts';

describe('explorer walks: a path of action numbers rebuilds every state', () => {
  it('the counter takes one step per inc and stops at its maximum (hand count: 3 incs, then none)', () => {
    const model = counterModel(3);
    const walk = followPath(model, [0, 0, 0]);
    expect(walk.states.map((s) => contextOf<{ n: number }>(s, 'c').n)).toEqual([0, 1, 2, 3]);
    expect(enabledActions(model, walk.states[3])).toEqual([]);
    expect(() => followPath(model, [0, 0, 0, 0])).toThrow(UsageError);
    expect(() => followPath(model, [0, 0, 0, 0])).toThrow(/step 4 .* only 0 are enabled/);
  });

  it('after one send on a bag network, two actions are enabled: send ping 2, deliver ping 1', () => {
    const model = pingModel(2, 'bag');
    const first = enabledActions(model, model.initialStates()[0]);
    expect(first.map((e) => e.label)).toEqual(['sender s send']);
    const after = enabledActions(model, first[0].next);
    expect(after.map((e) => e.label).sort()).toEqual(['receiver r receives ping(k=1) from s', 'sender s send']);
  });

  it('the path of a walk\'s own actions is the walk\'s path', () => {
    const model = pingModel(2, 'bag');
    const labels = (path: number[]) => followPath(model, path).actions.map((a) => model.describeAction(a));
    const walk = followPath(model, [0, 1, 0]);
    expect(pathOf(model, walk.actions)).toEqual([0, 1, 0]);
    expect(labels(pathOf(model, walk.actions))).toEqual(labels([0, 1, 0]));
  });

  it('an action the model cannot take is named, not skipped', () => {
    const model = pingModel(1, 'bag');
    expect(() => pathOf(model, [{ kind: 'deliver', node: 'r', msg: { type: 'ping', from: 's', to: 'r', k: 1 } }])).toThrow(/step 1 \(receiver r receives ping\(k=1\) from s\) is not enabled/);
  });

  it('reports the invariant broken in the state reached, and none before it', () => {
    const model = counterModel(3, { badAt: 2 });
    const walk = followPath(model, [0, 0]);
    expect(brokenAt(model, walk, 1)).toEqual([]);
    expect(brokenAt(model, walk, 2)).toEqual(['BelowBad']);
  });
});

describe('explorer permalinks', () => {
  it('a choice survives the URL fragment unchanged', () => {
    const choice = { protocol: 'raft', variant: 'commit-old-term', params: { servers: '3', drop: 'false' }, path: [0, 4, 12], at: 2 };
    const fragment = encodeChoice(choice);
    expect(fragment).toBe('protocol=raft&variant=commit-old-term&param.drop=false&param.servers=3&path=0.4.12&at=2');
    expect(decodeChoice('#' + fragment)).toEqual(choice);
  });

  it('an empty path and a missing step mean the initial state and the end of the path', () => {
    expect(decodeChoice('protocol=paxos')).toEqual({ protocol: 'paxos', variant: '', params: {}, path: [], at: 0 });
    expect(decodeChoice('protocol=paxos&path=1.0')?.at).toBe(2);
    expect(decodeChoice('')).toBeUndefined();
  });

  it('a damaged link is a one-line error, not a crash', () => {
    expect(() => decodeChoice('protocol=paxos&path=1.x')).toThrow(/is not a list of action numbers/);
    expect(() => decodeChoice('protocol=paxos&path=1.0&at=5')).toThrow(/outside its path of 2 steps/);
  });
});

describe('explorer server', () => {
  it('serves the site and traces/ on 127.0.0.1, and nothing outside them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soffio-site-'));
    try {
      mkdirSync(join(dir, 'site'));
      mkdirSync(join(dir, 'traces', 'out'), { recursive: true });
      writeFileSync(join(dir, 'site', 'index.html'), '<p>hi</p>');
      writeFileSync(join(dir, 'secret.txt'), 'no');
      writeFileSync(join(dir, 'traces', 'out', 'a.itf.json'), '{}');
      writeFileSync(join(dir, 'traces', 'notes.txt'), 'not a trace');
      const server = await serveExplorer({ siteDir: join(dir, 'site'), port: 0, tracesDir: join(dir, 'traces') });
      try {
        expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        const page = await fetch(server.url);
        expect(page.headers.get('content-type')).toMatch(/text\/html/);
        expect(await page.text()).toBe('<p>hi</p>');
        expect(await (await fetch(server.url + 'traces/index.json')).json()).toEqual(['out/a.itf.json']);
        expect(await (await fetch(server.url + 'traces/out/a.itf.json')).text()).toBe('{}');
        expect((await fetch(server.url + '..%2Fsecret.txt')).status).toBe(404);
        expect((await fetch(server.url + 'traces/..%2F..%2Fsecret.txt')).status).toBe(404);
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
