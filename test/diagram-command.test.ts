import { describe, expect, it } from 'vitest';
import { diagramCommand, type DiagramFormat } from '../src/diagram/command.ts';
import { UsageError } from '../src/model/errors.ts';
import { loadProtocol, protocolNames } from '../src/registry.ts';
import { resolveParams, variantOf } from '../src/model/protocol.ts';
import { parseStateDiagram } from './support/diagramMermaid.ts';
import { checkXml } from './support/diagramXml.ts';

/** The UsageError `run` throws; fails the test when it throws anything else or nothing. */
async function usageError(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError, got none');
}

describe('soffio diagram on the Raft server statechart', () => {
  it('every guard and action the machine names in its setup is on some transition or in an entry/exit', async () => {
    const raft = await loadProtocol('raft');
    const machine = raft.build(resolveParams(raft, variantOf(raft, undefined), {}), 'default').definition.roles[0].machine;
    // The names as setup stored them: an independent source from the transitions drawn.
    const impl = machine.implementations as unknown as { guards: Record<string, unknown>; actions: Record<string, unknown> };
    const guards = Object.keys(impl.guards);
    const actions = Object.keys(impl.actions);
    expect(guards.length).toBeGreaterThan(0);
    expect(actions.length).toBeGreaterThan(0);

    const parsed = parseStateDiagram(await diagramCommand({ target: 'raft', format: 'mermaid' }));
    expect(parsed.errors).toEqual([]);
    expect([...parsed.states.values()].map((s) => s.label)).toEqual(expect.arrayContaining(['follower', 'candidate', 'leader']));
    // `EVENT [guard] / a, b` on edges; `entry / a` and `exit / b` in states.
    const onEdges = parsed.edges.map((e) => /^(\S+)(?: \[([^\]]+)\])?(?: \/ (.*))?$/.exec(e.label)!);
    const guardsDrawn = new Set(onEdges.map((m) => m[2]).filter((g) => g !== undefined));
    const actionsDrawn = new Set([...onEdges.flatMap((m) => (m[3] ?? '').split(', ')), ...parsed.descriptions.flatMap((d) => d.text.replace(/^(entry|exit) \/ /, '').split(', '))]);
    for (const g of guards) expect(guardsDrawn, `guard ${g}`).toContain(g);
    for (const a of actions) expect(actionsDrawn, `action ${a}`).toContain(a);
  });

  it('SVG: well-formed XML naming every state; with --detail, tooltips with the guards\' source', async () => {
    const plain = checkXml(await diagramCommand({ target: 'raft', format: 'svg' }));
    expect(plain.errors).toEqual([]);
    for (const name of ['follower', 'candidate', 'leader']) expect(plain.texts.some((t) => t.startsWith(name))).toBe(true);
    expect(plain.attributes.filter((a) => a.startsWith('xlink:title=guard '))).toEqual([]);

    const detailed = checkXml(await diagramCommand({ target: 'raft', format: 'svg', detail: true }));
    expect(detailed.errors).toEqual([]);
    const tooltips = detailed.attributes.filter((a) => a.startsWith('xlink:title='));
    expect(tooltips.some((t) => t.startsWith('xlink:title=guard isNewerTerm = '))).toBe(true);
  });

  it('DOT: one digraph, with the role named in its title', async () => {
    const dot = await diagramCommand({ target: 'raft', role: 'server', format: 'dot' });
    expect(dot.startsWith('digraph "raft: role server" {')).toBe(true);
    expect(dot.trimEnd().endsWith('}')).toBe(true);
  });
});

describe('soffio diagram on every registered protocol', () => {
  it('draws every role of every protocol\'s default variant as well-formed Mermaid and SVG', async () => {
    let drawn = 0;
    for (const name of protocolNames) {
      const def = await loadProtocol(name);
      const roles = def.build(resolveParams(def, variantOf(def, undefined), {}), def.variants[0].name).definition.roles;
      for (const { name: role, machine } of roles) {
        const parsed = parseStateDiagram(await diagramCommand({ target: name, role, format: 'mermaid' }));
        expect(parsed.errors, `${name} ${role}`).toEqual([]);
        // One drawn edge per transition the machine declares, counted on XState's own config.
        expect(parsed.edges.length, `${name} ${role}`).toBe(countConfigTransitions(machine.config));
        const svg = checkXml(await diagramCommand({ target: name, role, format: 'svg' }));
        expect(svg.errors, `${name} ${role}`).toEqual([]);
        drawn++;
      }
    }
    expect(drawn).toBeGreaterThanOrEqual(protocolNames.length);
  });

  it('names the variant a role needs when the default variant has no such role', async () => {
    const def = await loadProtocol('paxos');
    const defaultRoles = def.build(resolveParams(def, variantOf(def, undefined), {}), def.variants[0].name).definition.roles.map((r) => r.name);
    const missing = def.roles.find((r) => !defaultRoles.includes(r));
    // Paxos lists `ballot`, a role of its Paxos.tla mirror only; if that changes there is nothing to test.
    expect(missing).toBeDefined();
    expect(await usageError(() => diagramCommand({ target: 'paxos', role: missing, format: 'mermaid' }))).toMatch(new RegExp(`^role '${missing}' of paxos is not in variant 'default'`));
  });
});

/** Transitions in a machine's config (`on` lists, recursively), the machine as written. */
function countConfigTransitions(config: unknown): number {
  const node = config as { on?: Record<string, unknown>; states?: Record<string, unknown> };
  let count = 0;
  for (const t of Object.values(node.on ?? {})) count += Array.isArray(t) ? t.length : 1;
  for (const child of Object.values(node.states ?? {})) count += countConfigTransitions(child);
  return count;
}

describe('soffio diagram on bad input: one UsageError line', () => {
  const cases: [string, () => Promise<unknown>, RegExp][] = [
    ['unknown protocol', () => diagramCommand({ target: 'nosuch', format: 'mermaid' }), /^unknown protocol 'nosuch' \(known: .*raft/],
    ['unknown role', () => diagramCommand({ target: 'raft', role: 'janitor', format: 'mermaid' }), /^unknown role 'janitor' of raft \(known: server\)$/],
    ['unknown format', () => diagramCommand({ target: 'raft', format: 'png' as DiagramFormat }), /^unknown format 'png' \(known: mermaid, dot, svg\)$/],
    ['unknown variant', () => diagramCommand({ target: 'raft', variant: 'nope', format: 'mermaid' }), /^unknown variant 'nope' of raft/],
    ['missing trace file', () => diagramCommand({ target: 'traces/none/missing.itf.json', format: 'mermaid' }), /^cannot read trace file 'traces\/none\/missing.itf.json': no such file$/],
    ['dot for a trace', () => diagramCommand({ target: 'traces/none/missing.itf.json', format: 'dot' }), /^a trace is drawn as mermaid or svg, not dot$/],
    ['a role for a trace', () => diagramCommand({ target: 'traces/none/missing.itf.json', role: 'server', format: 'svg' }), /^--role applies to a protocol's statechart/],
    // package.json is a file, so no folder can be made under it.
    ['an unwritable --out', () => diagramCommand({ target: 'raft', format: 'mermaid', out: 'package.json/x.mmd' }), /^cannot write 'package.json\/x.mmd': /],
  ];
  for (const [name, run, message] of cases) {
    it(name, async () => {
      const text = await usageError(run);
      expect(text).toMatch(message);
      expect(text).not.toContain('\n');
    });
  }
});
