import type { AnyStateMachine } from 'xstate';
import { allNodes, rootOf, type ChartNode, type ChartTransition } from '../compile/chart.ts';

/**
 * A role's statechart as plain data for drawing: its states (nested), its transitions with
 * the names of their guards and actions, read from the XState machine itself (`machine.root`),
 * never from the model's source. Both renderers (Mermaid and DOT) draw from this one reading.
 */

export interface ChartState {
  /** Keys from the root down, joined by dots: `candidate.voting`; `''` for the machine itself. */
  readonly path: string;
  readonly key: string;
  /** Path of the parent state; undefined for the root. */
  readonly parent?: string;
  /** Paths of the child states, in declaration order. */
  readonly children: readonly string[];
  /** Path of the initial child of a compound state. */
  readonly initial?: string;
  /** Actions of the initial transition (`initial: { target, actions }`). */
  readonly initialActions: readonly string[];
  readonly entry: readonly string[];
  readonly exit: readonly string[];
}

export interface ChartEdge {
  /** Path of the state the transition is declared on (`''`: the machine, i.e. any state). */
  readonly source: string;
  /** Path of the target state; undefined for a targetless transition (no exit, no entry). */
  readonly target?: string;
  readonly event: string;
  readonly guard?: string;
  readonly actions: readonly string[];
}

export interface Statechart {
  readonly machineId: string;
  /** Every state, parents before children, siblings in declaration order; the root first. */
  readonly states: readonly ChartState[];
  /** Every transition, by source state in document order, then event, then list order. */
  readonly edges: readonly ChartEdge[];
}

/**
 * Reads a machine's states and transitions.
 *
 * Example: `readStatechart(machine).edges[0]` is
 * `{ source: 'follower', target: 'candidate', event: 'Timeout', actions: ['startElection'] }`.
 */
export function readStatechart(machine: AnyStateMachine): Statechart {
  const nodes = allNodes(rootOf(machine));
  const states = nodes.map(readState);
  const edges: ChartEdge[] = [];
  for (const node of nodes) {
    for (const [event, transitions] of node.transitions) {
      for (const t of transitions) edges.push(readEdge(node, event, t));
    }
  }
  return { machineId: machine.id, states, edges };
}

function pathOf(node: ChartNode): string {
  return node.path.join('.');
}

function readState(node: ChartNode): ChartState {
  const compound = node.type === 'compound' && node.initial.target.length > 0;
  return {
    path: pathOf(node),
    key: node.path.length === 0 ? node.key : node.path[node.path.length - 1],
    ...(node.parent ? { parent: pathOf(node.parent) } : {}),
    children: Object.values(node.states).map(pathOf),
    ...(compound ? { initial: pathOf(node.initial.target[0]) } : {}),
    initialActions: compound ? node.initial.actions.map(actionName) : [],
    entry: node.entry.map(actionName),
    exit: node.exit.map(actionName),
  };
}

function readEdge(node: ChartNode, event: string, t: ChartTransition): ChartEdge {
  const guard = t.guard === undefined ? undefined : guardName(t.guard);
  return {
    source: pathOf(node),
    ...(t.target && t.target.length > 0 ? { target: pathOf(t.target[0]) } : {}),
    event,
    ...(guard === undefined ? {} : { guard }),
    actions: t.actions.map(actionName),
  };
}

/**
 * The name a reader sees for a guard or an action: the name it has in `setup` when referenced
 * by name (a string, or `{ type }` with params); otherwise, for the inline ones the house rules
 * forbid but XState accepts, the built-in's type (`xstate.assign`) or `inline`.
 */
function implementationName(ref: unknown): string {
  if (typeof ref === 'string') return ref;
  if (typeof ref === 'object' && ref !== null && typeof (ref as { type?: unknown }).type === 'string') return (ref as { type: string }).type;
  if (typeof ref === 'function') {
    const type = (ref as { type?: unknown }).type;
    if (typeof type === 'string') return `inline ${type}`;
    return ref.name ? `inline ${ref.name}` : 'inline';
  }
  return 'inline';
}

const actionName = implementationName;
const guardName = implementationName;

/** True when `path` is `ancestor` or lies inside it (`''`, the machine, contains every state). */
export function isWithin(path: string, ancestor: string): boolean {
  return ancestor === '' || path === ancestor || path.startsWith(ancestor + '.');
}

export function isCompound(state: ChartState): boolean {
  return state.children.length > 0;
}

/**
 * Where a transition is drawn, for both renderers. A transition declared on a compound state
 * (or on the machine) is enabled in every state inside it, so it leaves from that state's
 * "any state" marker. A targetless transition loops on its source. A transition into a
 * compound state ends on its box, or, when it comes from inside that box (re-entering it),
 * on the leaf its initial transitions lead to.
 */
export interface EdgeEnds {
  readonly from: Endpoint;
  readonly to: Endpoint;
}

/** A state's own node or box (`state`), or the "any state" marker inside a compound one (`any`). */
export interface Endpoint {
  readonly kind: 'state' | 'any';
  readonly path: string;
}

export function edgeEnds(chart: Statechart, edge: ChartEdge): EdgeEnds {
  const byPath = statesByPath(chart);
  const source = byPath.get(edge.source)!;
  const from: Endpoint = isCompound(source) ? { kind: 'any', path: source.path } : { kind: 'state', path: source.path };
  if (edge.target === undefined) return { from, to: from };
  const target = byPath.get(edge.target)!;
  if (isCompound(target) && isWithin(edge.source, target.path)) return { from, to: { kind: 'state', path: initialLeaf(chart, target.path) } };
  return { from, to: { kind: 'state', path: target.path } };
}

/** The atomic state that entering `path` ends in, following initial transitions. */
export function initialLeaf(chart: Statechart, path: string): string {
  const byPath = statesByPath(chart);
  let state = byPath.get(path)!;
  while (state.initial !== undefined) state = byPath.get(state.initial)!;
  return state.path;
}

/** Compound states (the machine included) that have transitions of their own. */
export function statesWithAnyMarker(chart: Statechart): Set<string> {
  const byPath = statesByPath(chart);
  return new Set(chart.edges.filter((e) => isCompound(byPath.get(e.source)!)).map((e) => e.source));
}

const indexes = new WeakMap<Statechart, Map<string, ChartState>>();

export function statesByPath(chart: Statechart): Map<string, ChartState> {
  let index = indexes.get(chart);
  if (!index) {
    index = new Map(chart.states.map((s) => [s.path, s]));
    indexes.set(chart, index);
  }
  return index;
}
