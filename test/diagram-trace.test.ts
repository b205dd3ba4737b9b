import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { diagramCommand } from '../src/diagram/command.ts';
import type { ClusterAction, ClusterModel, ClusterState } from '../src/system/cluster.ts';
import { toItf } from '../src/trace/itf.ts';
import { writeTraceFile } from '../src/trace/file.ts';
import { parseSequenceDiagram } from './support/diagramMermaid.ts';
import { bellModel } from './support/diagramToy.ts';
import { checkXml } from './support/diagramXml.ts';

const folder = mkdtempSync(join(tmpdir(), 'soffio-diagram-trace-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Walks a model along the first enabled action each predicate accepts. */
function walk(model: ClusterModel, picks: ((a: ClusterAction) => boolean)[]): { states: ClusterState[]; actions: ClusterAction[] } {
  let state = model.initialStates()[0];
  const states = [state];
  const actions: ClusterAction[] = [];
  for (const pick of picks) {
    const action = model.actions(state).find((a) => pick(a) && model.nextState(state, a) !== undefined);
    if (!action) throw new Error('test walk: no such action enabled');
    state = model.nextState(state, action)!;
    states.push(state);
    actions.push(action);
  }
  return { states, actions };
}

/**
 * The bell trace, by hand: (1) a rings, a local event that moves a to `ringing` and sends
 * `ding` to b; (2) the network duplicates it; (3) the network drops one copy; (4) b receives
 * the other and moves to `heard`, which violates NothingHeard.
 */
function bellTrace(file: string, property?: string): string {
  const model = bellModel();
  const trace = walk(model, [(a) => a.kind === 'local', (a) => a.kind === 'duplicate', (a) => a.kind === 'drop', (a) => a.kind === 'deliver']);
  const path = join(folder, file);
  writeTraceFile(path, toItf(model, trace, { ...(property ? { property, propertyKind: 'invariant' as const } : {}), producedBy: { tool: 'soffio', command: 'test' } }));
  return path;
}

describe('sequence chart of a trace', () => {
  it('Mermaid: a lifeline per node, messages at delivery, notes for the rest, the violating step marked', async () => {
    const parsed = parseSequenceDiagram(await diagramCommand({ target: bellTrace('bell.itf.json', 'NothingHeard'), format: 'mermaid' }));
    expect(parsed.errors).toEqual([]);
    expect(parsed.title).toBe('bell (variant default): counterexample to NothingHeard, 4 steps');
    expect([...parsed.participants]).toEqual([
      ['n_a', 'a'],
      ['n_b', 'b'],
    ]);
    expect(parsed.items).toEqual([
      { kind: 'note', over: ['n_a'], text: '(1) ring', inRect: false },
      { kind: 'note', over: ['n_a'], text: 'now ringing', inRect: false },
      { kind: 'note', over: ['n_a', 'n_b'], text: '(2) network duplicates ding to b', inRect: false },
      { kind: 'message', from: 'n_a', to: 'n_b', lost: true, text: '(3) ding dropped', inRect: false },
      { kind: 'message', from: 'n_a', to: 'n_b', lost: false, text: '(4) ding', inRect: true },
      { kind: 'note', over: ['n_b'], text: 'now heard', inRect: true },
      { kind: 'note', over: ['n_a', 'n_b'], text: 'NothingHeard is violated after step 4', inRect: true },
    ]);
  });

  it('Mermaid: a plain run has no marked step', async () => {
    const parsed = parseSequenceDiagram(await diagramCommand({ target: bellTrace('bell-run.itf.json'), format: 'mermaid' }));
    expect(parsed.errors).toEqual([]);
    expect(parsed.items.filter((i) => i.inRect)).toEqual([]);
    expect(parsed.items).toHaveLength(6);
  });

  it('SVG: well-formed XML with every node, message and note, and the violation under a red band', async () => {
    const svg = await diagramCommand({ target: bellTrace('bell-svg.itf.json', 'NothingHeard'), format: 'svg' });
    const xml = checkXml(svg);
    expect(xml.errors).toEqual([]);
    expect(xml.root).toBe('svg');
    for (const text of ['a', 'b', '(1) ring', 'now ringing', '(2) network duplicates ding to b', '(3) ding dropped', '(4) ding', 'now heard', 'NothingHeard is violated after step 4']) {
      expect(xml.texts).toContain(text);
    }
    expect(xml.attributes).toContain('fill=#ffe2e2');
  });

  it('--out writes the diagram through a temporary file and returns nothing', async () => {
    const out = join(folder, 'charts', 'bell.mmd');
    const trace = bellTrace('bell-out.itf.json', 'NothingHeard');
    expect(await diagramCommand({ target: trace, format: 'mermaid', out })).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(await diagramCommand({ target: trace, format: 'mermaid' }));
    expect(readdirSync(join(folder, 'charts'))).toEqual(['bell.mmd']);
  });
});
