import { actionsLabel, definitions, edgeRefs, stateActivityLines, stateDefinitions, transitionLabel, triggerLabel, type ImplementationSources } from './labels.ts';
import { edgeEnds, isCompound, statesByPath, statesWithAnyMarker, type ChartEdge, type ChartState, type EdgeEnds, type Endpoint, type Statechart } from './statechart.ts';

/**
 * A statechart as Graphviz DOT: atomic states are rounded boxes named by their path
 * (`candidate.voting`), compound states are clusters, each with a dot for its initial
 * transition and, when it has transitions of its own, an `any state` marker. Transitions are
 * labelled `EVENT [guard]` over `/ actions`; targetless ones are dashed loops. With sources
 * (`--detail`), each edge and state carries the source of its guards and actions as a
 * `tooltip`, which the SVG shows on hover.
 */

export interface DotStatechartOptions {
  readonly title: string;
  readonly sources?: ImplementationSources;
}

/** Example: `statechartToDot(readStatechart(machine), { title: 'toy' })` starts with `digraph "toy" {`. */
export function statechartToDot(chart: Statechart, options: DotStatechartOptions): string {
  const byPath = statesByPath(chart);
  const root = chart.states[0];
  const anyMarkers = statesWithAnyMarker(chart);
  const clusterIds = new Map<string, string>();
  chart.states.filter((s) => s.path !== '' && isCompound(s)).forEach((s, i) => clusterIds.set(s.path, `cluster_${i}`));

  // Node names: a state's path (`running.fetching`); the markers get descriptive names
  // (`any state of running`) that no model's state path uses.
  const stateNode = (path: string) => (path === '' ? chart.machineId : path);
  const initialNode = (path: string) => `initial of ${path || '(machine)'}`;
  const anyNode = (path: string) => `any state of ${path || '(machine)'}`;

  const lines: string[] = [
    `digraph ${dotString(options.title)} {`,
    `  label=${dotString(options.title)}; labelloc=t; fontname="Helvetica"; compound=true; rankdir=LR; pad=0.3;`,
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=12];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];

  const tooltip = (texts: readonly string[]) => (options.sources && texts.length > 0 ? `, tooltip=${dotString(texts.join('\n\n'))}` : '');

  const declareState = (state: ChartState, indent: string) => {
    const label = [state.path === '' ? chart.machineId : state.key, ...stateActivityLines(state)].join('\n');
    const texts = options.sources ? stateDefinitions(state, options.sources) : [];
    lines.push(`${indent}${dotString(stateNode(state.path))} [label=${dotString(label)}${tooltip(texts)}];`);
  };

  const block = (state: ChartState, indent: string) => {
    if (state.initial !== undefined) {
      const label = state.initialActions.length > 0 ? ` [label=${dotString(actionsLabel(state.initialActions))}]` : '';
      lines.push(`${indent}${dotString(initialNode(state.path))} [shape=point, width=0.12, label=""];`);
      lines.push(`${indent}${dotString(initialNode(state.path))} -> ${headOf({ kind: 'state', path: state.initial })}${label};`);
    }
    if (anyMarkers.has(state.path)) lines.push(`${indent}${dotString(anyNode(state.path))} [label="any state", shape=box, style="rounded,dashed"];`);
    for (const childPath of state.children) {
      const child = byPath.get(childPath)!;
      if (!isCompound(child)) {
        declareState(child, indent);
        continue;
      }
      lines.push(`${indent}subgraph ${clusterIds.get(childPath)} {`);
      const label = [child.key, ...stateActivityLines(child)].join('\n');
      const texts = options.sources ? stateDefinitions(child, options.sources) : [];
      lines.push(`${indent}  label=${dotString(label)}; style=rounded${tooltip(texts).replace(/^, /, '; ')};`);
      block(child, indent + '  ');
      lines.push(`${indent}}`);
    }
  };

  // An edge into a compound state ends on its initial dot, clipped at the cluster's border.
  function headOf(end: Endpoint): string {
    if (end.kind === 'any') return dotString(anyNode(end.path));
    const state = byPath.get(end.path)!;
    return dotString(isCompound(state) && state.path !== '' ? initialNode(state.path) : stateNode(state.path));
  }
  const tailOf = (end: Endpoint) => (end.kind === 'any' ? dotString(anyNode(end.path)) : dotString(stateNode(end.path)));

  if (isCompound(root)) block(root, '  ');
  else declareState(root, '  ');

  // Graphviz piles the labels of several loops on one node on top of each other, so the
  // loops of a node become one loop listing its transitions, one per line: one for the
  // targetless ones (dashed) and one for those that leave and re-enter the node.
  const loops = new Map<string, { ends: EdgeEnds; edges: ChartEdge[] }>();
  for (const edge of chart.edges) {
    const ends = edgeEnds(chart, edge);
    const isLoop = ends.from.kind === ends.to.kind && ends.from.path === ends.to.path;
    if (!isLoop) {
      lines.push(`  ${edgeLine([edge], ends)}`);
      continue;
    }
    const key = `${ends.from.kind} ${ends.from.path} ${edge.target === undefined}`;
    const loop = loops.get(key) ?? { ends, edges: [] };
    loop.edges.push(edge);
    loops.set(key, loop);
  }
  for (const { ends, edges } of loops.values()) lines.push(`  ${edgeLine(edges, ends)}`);
  lines.push('}');
  return lines.join('\n') + '\n';

  function edgeLine(edges: readonly ChartEdge[], ends: EdgeEnds): string {
    const label = edges.length === 1 ? edgeLabel(edges[0]) : edges.map(transitionLabel).join('\n');
    const attrs = [`label=${dotString(label)}`];
    const target = byPath.get(ends.to.path)!;
    if (ends.to.kind === 'state' && isCompound(target) && target.path !== '') attrs.push(`lhead=${clusterIds.get(target.path)}`);
    if (edges[0].target === undefined) attrs.push('style=dashed');
    // A node's two loops on opposite sides, so their labels do not overlap.
    if (ends.from.kind === ends.to.kind && ends.from.path === ends.to.path) attrs.push(edges[0].target === undefined ? 'tailport=n, headport=n' : 'tailport=s, headport=s');
    const texts = options.sources ? definitions(edges.flatMap(edgeRefs), options.sources) : [];
    return `${tailOf(ends.from)} -> ${headOf(ends.to)} [${attrs.join(', ')}${tooltip(texts)}];`;
  }
}

/** `EVENT [guard]` over `/ a, b`: two short lines read better than one long one. */
export function edgeLabel(edge: Pick<ChartEdge, 'event' | 'guard' | 'actions'>): string {
  return edge.actions.length > 0 ? `${triggerLabel(edge)}\n${actionsLabel(edge.actions)}` : triggerLabel(edge);
}

/**
 * A DOT quoted string. Backslashes are doubled so Graphviz's own escapes (`\N`, `\G`, `\l`)
 * never fire on a model's text; a newline becomes `\n`, Graphviz's centred line break.
 *
 * Example: `dotString('a "b"\nc')` is `"a \"b\"\nc"` (with a backslash-n in the output).
 */
export function dotString(text: string): string {
  return '"' + text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n') + '"';
}
