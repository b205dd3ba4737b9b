import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { statechartToDot } from '../src/diagram/dot-statechart.ts';
import { statechartToMermaid } from '../src/diagram/mermaid-statechart.ts';
import { modelSources } from '../src/diagram/sources.ts';
import { readStatechart } from '../src/diagram/statechart.ts';
import { dotToSvg } from '../src/diagram/svg.ts';
import { parseSequenceDiagram, parseStateDiagram } from './support/diagramMermaid.ts';
import { jobMachine } from './support/diagramToy.ts';
import { checkXml } from './support/diagramXml.ts';

/**
 * The expected drawings below are read off the definition of `jobMachine` in
 * test/support/diagramToy.ts, transition by transition, not from the renderers' output.
 */

// Mermaid ids: `s_` and the state path (dots as `__`); `any_` marks "any state" of a compound.
const JOB_MERMAID_EDGES = [
  // on the machine: enabled in every state, drawn from the machine's "any state" marker
  { from: 'any_job', to: 's_idle', label: 'reset / clearAll', block: '' },
  { from: 's_idle', to: 's_running', label: 'start / recordStart, announce', block: '' },
  // on the compound state running
  { from: 'any_running', to: 's_idle', label: 'cancel [isCancellable] / noteCancel', block: '' },
  { from: 'any_running', to: 'any_running', label: 'tick / countTick', block: 's_running' },
  // fetched: a guarded list, first enabled wins
  { from: 's_running__fetching', to: 's_running__checking', label: 'fetched [isComplete] / storeData', block: 's_running' },
  { from: 's_running__fetching', to: 's_running__fetching', label: 'fetched [hasRetries] / retry', block: 's_running' },
  { from: 's_running__fetching', to: 's_failed', label: 'fetched / giveUp', block: '' },
  // verdict: the second re-enters running, so it ends where running starts: fetching
  { from: 's_running__checking', to: 's_done', label: 'verdict [isValid]', block: '' },
  { from: 's_running__checking', to: 's_running__fetching', label: 'verdict / restartCheck', block: 's_running' },
];

const sortEdges = <T extends { from: string; to: string; label: string }>(edges: readonly T[]) =>
  [...edges].sort((a, b) => `${a.from} ${a.to} ${a.label}`.localeCompare(`${b.from} ${b.to} ${b.label}`));

describe('statechart diagram of a toy machine with nested states and guarded transitions', () => {
  const chart = readStatechart(jobMachine());

  it('Mermaid: exactly the transitions of the machine, each in the block Mermaid needs', () => {
    const parsed = parseStateDiagram(statechartToMermaid(chart, { title: 'job' }));
    expect(parsed.errors).toEqual([]);
    expect(parsed.title).toBe('job');
    expect(sortEdges(parsed.edges)).toEqual(sortEdges(JOB_MERMAID_EDGES));
  });

  it('Mermaid: declares every state inside its parent, with initial transitions and entry/exit', () => {
    const parsed = parseStateDiagram(statechartToMermaid(chart, { title: 'job' }));
    const declared = [...parsed.states].map(([id, s]) => [id, s.label, s.block, s.composite]);
    expect(declared.sort()).toEqual(
      [
        ['s_idle', 'idle', '', false],
        ['s_running', 'running', '', true],
        ['s_running__fetching', 'fetching', 's_running', false],
        ['s_running__checking', 'checking', 's_running', false],
        ['any_running', 'any state', 's_running', false],
        ['s_failed', 'failed', '', false],
        ['s_done', 'done', '', false],
        ['any_job', 'any state', '', false],
      ].sort(),
    );
    expect(parsed.initials).toEqual([
      { to: 's_idle', block: '' },
      { to: 's_running__fetching', label: '/ resetAttempts', block: 's_running' },
    ]);
    expect(parsed.descriptions).toEqual([{ of: 's_failed', text: 'entry / alarm' }]);
    expect(parsed.notes).toEqual([{ of: 's_running', lines: ['entry / openLog', 'exit / closeLog'] }]);
  });

  it('DOT: the same transitions, between clusters and markers, targetless ones dashed', () => {
    const dot = statechartToDot(chart, { title: 'job' });
    const edges = [...dot.matchAll(/^ {2}"([^"]*)" -> "([^"]*)" \[label="((?:[^"\\]|\\.)*)"([^\]]*)\];$/gm)].map((m) => ({
      from: m[1],
      to: m[2],
      label: m[3].replace(/\\n/g, ' '),
      dashed: m[4].includes('style=dashed'),
      lhead: /lhead=(\w+)/.exec(m[4])?.[1],
    }));
    expect(sortEdges(edges)).toEqual(
      sortEdges([
        { from: 'any state of (machine)', to: 'idle', label: 'reset / clearAll', dashed: false, lhead: undefined },
        // into the compound running: to its initial dot, clipped at the cluster's border
        { from: 'idle', to: 'initial of running', label: 'start / recordStart, announce', dashed: false, lhead: 'cluster_0' },
        { from: 'any state of running', to: 'idle', label: 'cancel [isCancellable] / noteCancel', dashed: false, lhead: undefined },
        { from: 'any state of running', to: 'any state of running', label: 'tick / countTick', dashed: true, lhead: undefined },
        { from: 'running.fetching', to: 'running.checking', label: 'fetched [isComplete] / storeData', dashed: false, lhead: undefined },
        { from: 'running.fetching', to: 'running.fetching', label: 'fetched [hasRetries] / retry', dashed: false, lhead: undefined },
        { from: 'running.fetching', to: 'failed', label: 'fetched / giveUp', dashed: false, lhead: undefined },
        { from: 'running.checking', to: 'done', label: 'verdict [isValid]', dashed: false, lhead: undefined },
        { from: 'running.checking', to: 'running.fetching', label: 'verdict / restartCheck', dashed: false, lhead: undefined },
      ]),
    );
    expect(dot).toContain('subgraph cluster_0 {');
  });

  it('SVG: well-formed XML that names every state', async () => {
    const svg = await dotToSvg(statechartToDot(chart, { title: 'job' }));
    const xml = checkXml(svg);
    expect(xml.errors).toEqual([]);
    expect(xml.root).toBe('svg');
    for (const name of ['idle', 'running', 'fetching', 'checking', 'failed', 'done']) expect(xml.texts).toContain(name);
    expect(xml.texts).toContain('cancel [isCancellable]');
    expect(xml.texts).toContain('/ noteCancel');
  });

  it('--detail: the source of each guard and action, as SVG tooltips and Mermaid notes', async () => {
    const sources = modelSources(fileURLToPath(new URL('./support/', import.meta.url)), 'job');
    // Written in diagramToy.ts as `isCancellable: ({ context }) => context.attempts < 3`.
    expect(sources.guard('isCancellable')).toBe('({ context }) => context.attempts < 3');
    expect(sources.action('storeData')).toBe("assign({ data: 'fetched' })");
    const svg = await dotToSvg(statechartToDot(chart, { title: 'job', sources }));
    const xml = checkXml(svg);
    expect(xml.errors).toEqual([]);
    expect(xml.attributes).toContain('xlink:title=guard isCancellable = ({ context }) => context.attempts < 3\n\naction noteCancel = ' + "assign({ log: ({ context }) => [...context.log, 'cancel'] })");
    expect(xml.attributes).toContain("xlink:title=action openLog = assign({ log: ({ context }) => [...context.log, 'open'] })\n\naction closeLog = assign({ log: ({ context }) => [...context.log, 'close'] })");
    const parsed = parseStateDiagram(statechartToMermaid(chart, { title: 'job', sources }));
    expect(parsed.errors).toEqual([]);
    const fetching = parsed.notes.find((n) => n.of === 's_running__fetching');
    expect(fetching?.lines).toEqual([
      'guard isComplete = ({ event }) => event.ok === true',
      "action storeData = assign({ data: 'fetched' })",
      'guard hasRetries = ({ context }) => context.attempts < 2',
      'action retry = assign({ attempts: ({ context }) => context.attempts + 1 })',
      'action giveUp = assign({ data: null })',
    ]);
  });

  it('Mermaid: characters Mermaid reads as syntax are written as entity codes', () => {
    const odd = setup({
      types: {} as { context: { n: number }; events: { type: 'go; now #1 <b>{x}</b> "q"' } },
      guards: { 'n < 3': ({ context }) => context.n < 3 },
      actions: { 'add|one': assign({ n: ({ context }) => context.n + 1 }) },
    }).createMachine({ id: 'odd', context: { n: 0 }, initial: 'a', states: { a: { on: { 'go; now #1 <b>{x}</b> "q"': { guard: 'n < 3', target: 'b', actions: 'add|one' } } }, b: {} } });
    const text = statechartToMermaid(readStatechart(odd), { title: 'odd "one"; #1' });
    const parsed = parseStateDiagram(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.title).toBe('odd "one"; #1');
    expect(parsed.edges).toEqual([{ from: 's_a', to: 's_b', label: 'go; now #1 <b>{x}</b> "q" [n < 3] / add|one', block: '' }]);
  });
});

describe('the readers these tests rely on reject what they should', () => {
  it('the Mermaid reader flags undeclared states, raw syntax characters, unknown lines and open blocks', () => {
    const bad = ['stateDiagram-v2', '  state "a" as s_a', '  s_a --> s_b : go', '  s_a --> s_a : x; y', '  s_a -> s_a', '  state "c" as s_c {'].join('\n');
    expect(parseStateDiagram(bad).errors).toEqual([
      "line 4: unescaped syntax character in 'x; y'",
      "line 5: not understood: '  s_a -> s_a'",
      '1 composite state(s) not closed',
      'state s_b is used but not declared',
    ]);
    expect(parseSequenceDiagram('sequenceDiagram\n  a->>b: hi\n  rect rgb(1, 2, 3)').errors).toEqual([
      'line 2: participant a is not declared',
      'line 2: participant b is not declared',
      'a rect is not closed',
    ]);
  });

  it('the XML checker flags crossed tags, bare ampersands, unquoted attributes and two roots', () => {
    expect(checkXml('<a><b></a></b>').errors).toEqual(['offset 6: </a> closes <b>', 'offset 10: </b> closes <a>']);
    expect(checkXml('<a>x & y</a>').errors).toEqual(["offset 3: '&' that starts no entity reference"]);
    expect(checkXml('<a x=1/>').errors).toEqual(['offset 4: attribute x has no quoted value']);
    expect(checkXml('<a/><b/>').errors).toEqual(['offset 4: a second root element <b>']);
    expect(checkXml('<?xml version="1.0"?>\n<svg a="&lt;1&#62;"><t>a &amp; b</t></svg>')).toMatchObject({ errors: [], root: 'svg', texts: ['a & b'], attributes: ['a=<1>'] });
  });
});
