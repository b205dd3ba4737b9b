import type { AnyStateMachine } from 'xstate';

/**
 * The parts of XState v5's own state-node objects that the compiler reads (see
 * node_modules/xstate/dist: `StateNode` in StateMachine-*.js, `formatTransition` in raise-*.js).
 * XState's public types for them are deeply generic; this is the plain shape they have at
 * run time, so the compiler can walk a machine's `root` without type gymnastics.
 */
export interface ChartNode {
  readonly key: string;
  readonly id: string;
  /** Keys from the root (excluded) down to this node; [] for the root. */
  readonly path: readonly string[];
  readonly type: 'atomic' | 'compound' | 'parallel' | 'history' | 'final';
  readonly states: Readonly<Record<string, ChartNode>>;
  readonly parent?: ChartNode;
  /** Document order: a parent comes before its children, siblings in declaration order. */
  readonly order: number;
  readonly entry: readonly unknown[];
  readonly exit: readonly unknown[];
  /** The initial transition; for a compound node its target is the initial child. */
  readonly initial: { readonly target: readonly ChartNode[]; readonly actions: readonly unknown[] };
  /** Event descriptor to its transitions, in declaration order. */
  readonly transitions: ReadonlyMap<string, readonly ChartTransition[]>;
  readonly always?: readonly ChartTransition[];
  readonly invoke: readonly unknown[];
  readonly config: Readonly<Record<string, unknown>>;
}

export interface ChartTransition {
  readonly source: ChartNode;
  /** Resolved target nodes; undefined for a targetless transition. */
  readonly target?: readonly ChartNode[];
  readonly reenter: boolean;
  readonly guard?: unknown;
  readonly actions: readonly unknown[];
  readonly eventType: string;
}

/** The root state node of a machine, seen through the shape above. */
export function rootOf(machine: AnyStateMachine): ChartNode {
  return machine.root as unknown as ChartNode;
}

/** `leader` or `candidate.voting`; `(root)` for the machine itself. Used in error messages. */
export function statePath(node: ChartNode): string {
  return node.path.length === 0 ? '(root)' : node.path.join('.');
}

/** Every node of the chart, parents before children. */
export function allNodes(root: ChartNode): ChartNode[] {
  const out: ChartNode[] = [];
  const visit = (n: ChartNode) => {
    out.push(n);
    for (const child of Object.values(n.states)) visit(child);
  };
  visit(root);
  return out;
}

/** The machine's implementations as `setup` stored them. */
export interface Implementations {
  readonly actions: Readonly<Record<string, unknown>>;
  readonly guards: Readonly<Record<string, unknown>>;
}

export function implementationsOf(machine: AnyStateMachine): Implementations {
  const impl = machine.implementations as unknown as Partial<Implementations>;
  return { actions: impl.actions ?? {}, guards: impl.guards ?? {} };
}

/** Where a construct sits, for the refusal messages. */
export interface Site {
  readonly machine: string;
  readonly state: string;
}

/**
 * The error for anything the compiler does not translate. Example message:
 * `cannot compile machine 'server': 'always' transitions at state 'leader' are not supported`.
 */
export function refusal(site: Site, construct: string, plural = false, hint?: string): Error {
  const tail = hint === undefined ? '' : ` (${hint})`;
  return new Error(`cannot compile machine '${site.machine}': ${construct} at state '${site.state}' ${plural ? 'are' : 'is'} not supported${tail}`);
}
