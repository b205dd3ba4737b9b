import { actionsLabel, definitions, edgeRefs, stateActivityLines, stateRefs, transitionLabel, type ImplementationSources } from './labels.ts';
import { MermaidIds, mermaidText } from './mermaid-text.ts';
import { edgeEnds, isCompound, statesByPath, statesWithAnyMarker, type ChartEdge, type Endpoint, type Statechart } from './statechart.ts';

/**
 * A statechart as a Mermaid `stateDiagram-v2`, the text GitHub renders inside a ```mermaid
 * block. Compound states are composite states; a transition declared on a compound state (or
 * on the machine) leaves from an `any state` marker inside it; every transition is written in
 * the block of the innermost composite state containing both its ends, as Mermaid requires.
 */

export interface MermaidStatechartOptions {
  /** Shown above the diagram, e.g. `raft: role server`. */
  readonly title: string;
  /** With `--detail`: each state gets a note with the source of its guards and actions. */
  readonly sources?: ImplementationSources;
}

/** Example: `statechartToMermaid(readStatechart(machine), { title: 'toy' })` starts with `---\ntitle: "toy"`. */
export function statechartToMermaid(chart: Statechart, options: MermaidStatechartOptions): string {
  const byPath = statesByPath(chart);
  const ids = new MermaidIds();
  const root = chart.states[0];
  const stateId = (path: string) => ids.of('s_', path === '' ? chart.machineId : path);
  const anyId = (path: string) => ids.of('any_', path === '' ? chart.machineId : path);
  const endpointId = (e: Endpoint) => (e.kind === 'any' ? anyId(e.path) : stateId(e.path));
  const anyMarkers = statesWithAnyMarker(chart);

  // The composite block an endpoint is declared in ('' is the top level).
  const containerOf = (e: Endpoint): string => (e.kind === 'any' ? e.path : byPath.get(e.path)!.parent ?? '');
  const edgesByBlock = new Map<string, { edge: ChartEdge; from: string; to: string }[]>();
  const outgoing = new Map<string, ChartEdge[]>();
  for (const edge of chart.edges) {
    const ends = edgeEnds(chart, edge);
    const block = commonBlock(containerOf(ends.from), containerOf(ends.to));
    const from = endpointId(ends.from);
    const list = edgesByBlock.get(block) ?? [];
    list.push({ edge, from, to: endpointId(ends.to) });
    edgesByBlock.set(block, list);
    outgoing.set(from, [...(outgoing.get(from) ?? []), edge]);
  }

  const lines: string[] = ['---', `title: ${JSON.stringify(options.title)}`, '---', 'stateDiagram-v2'];
  const note = (indent: string, id: string, definitions: readonly string[]) => {
    if (definitions.length === 0) return;
    lines.push(`${indent}note right of ${id}`);
    // Mermaid keeps a note's lines as written: no indentation of ours, the source's own kept as no-break spaces.
    for (const definition of definitions) for (const line of definition.split('\n')) lines.push(noteLine(line));
    lines.push(`${indent}end note`);
  };

  const block = (path: string, indent: string) => {
    const container = byPath.get(path)!;
    if (container.initial !== undefined) {
      const label = container.initialActions.length > 0 ? ` : ${mermaidText(actionsLabel(container.initialActions))}` : '';
      lines.push(`${indent}[*] --> ${stateId(container.initial)}${label}`);
    }
    for (const childPath of container.children) {
      const child = byPath.get(childPath)!;
      const id = stateId(childPath);
      if (isCompound(child)) {
        lines.push(`${indent}state "${mermaidText(child.key)}" as ${id} {`);
        block(childPath, indent + '  ');
        lines.push(`${indent}}`);
        // Mermaid draws no description inside a composite state: its entry and exit go in a note.
        const activity = stateActivityLines(child);
        if (activity.length > 0) {
          lines.push(`${indent}note left of ${id}`);
          for (const line of activity) lines.push(noteLine(line));
          lines.push(`${indent}end note`);
        }
      } else {
        lines.push(`${indent}state "${mermaidText(child.key)}" as ${id}`);
        for (const line of stateActivityLines(child)) lines.push(`${indent}${id} : ${mermaidText(line)}`);
      }
      if (options.sources) note(indent, id, definitions([...stateRefs(child), ...(outgoing.get(id) ?? []).flatMap(edgeRefs)], options.sources));
    }
    if (anyMarkers.has(path)) {
      const id = anyId(path);
      lines.push(`${indent}state "any state" as ${id}`);
      if (options.sources) note(indent, id, definitions((outgoing.get(id) ?? []).flatMap(edgeRefs), options.sources));
    }
    for (const { edge, from, to } of edgesByBlock.get(path) ?? []) lines.push(`${indent}${from} --> ${to} : ${mermaidText(transitionLabel(edge))}`);
  };

  if (isCompound(root)) {
    block('', '  ');
  } else {
    // A machine without child states: the machine itself is the one state.
    const id = stateId('');
    lines.push(`  [*] --> ${id}`, `  state "${mermaidText(chart.machineId)}" as ${id}`);
    for (const line of stateActivityLines(root)) lines.push(`  ${id} : ${mermaidText(line)}`);
    for (const { edge, from, to } of edgesByBlock.get('') ?? []) lines.push(`  ${from} --> ${to} : ${mermaidText(transitionLabel(edge))}`);
    if (options.sources) note('  ', id, definitions([...stateRefs(root), ...chart.edges.flatMap(edgeRefs)], options.sources));
  }
  return lines.join('\n') + '\n';
}

/** A line of a note: leading spaces as `#160;`, the rest escaped. Example: `noteLine('  x;')` is `#160;#160;x#59;`. */
function noteLine(line: string): string {
  const indent = /^ */.exec(line)![0].length;
  return '#160;'.repeat(indent) + mermaidText(line.slice(indent));
}

/** The innermost block containing both blocks `a` and `b` (paths of compound states). */
function commonBlock(a: string, b: string): string {
  const pa = a === '' ? [] : a.split('.');
  const pb = b === '' ? [] : b.split('.');
  const common: string[] = [];
  for (let i = 0; i < Math.min(pa.length, pb.length) && pa[i] === pb[i]; i++) common.push(pa[i]);
  return common.join('.');
}
