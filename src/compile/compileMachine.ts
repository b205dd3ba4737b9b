import type { AnyStateMachine, EventObject, StateValue } from 'xstate';
import type { Message } from '../system/message.ts';
import type { NodeState, RoleStepper, StepResult } from '../system/stepper.ts';
import { allNodes, implementationsOf, refusal, rootOf, statePath, type ChartNode, type ChartTransition, type Site } from './chart.ts';
import { actionArgs, compileAction, compileGuard, type CompiledAction, type Context, type GuardFn, type Op, type Outbox } from './effects.ts';
import { initialMovement, movementOf, type Movement } from './geometry.ts';

/**
 * A role's statechart compiled to a direct transition function. Everything XState decides
 * per step from the chart's shape (which transitions are candidates for an event in a given
 * state, in what priority, which states are exited and entered, in what order the actions
 * run, what the next state value is) is decided here once per (leaf state, event type);
 * a step then only evaluates guards and runs the assign/emit functions of the model.
 *
 * Gives exactly what `xstateStepper` gives (test/compile*.test.ts prove it differentially),
 * about two orders of magnitude faster. Refuses, naming the construct and the state, every
 * construct outside the subset our models may use (see the developers' guide).
 *
 * Example: `const stepper = compileMachine(serverMachine); stepper.step(node, {type: 'Timeout'})`.
 */
export function compileMachine(machine: AnyStateMachine): RoleStepper {
  let stepper = cache.get(machine);
  if (!stepper) {
    stepper = build(machine);
    cache.set(machine, stepper);
  }
  return stepper;
}

const cache = new WeakMap<AnyStateMachine, RoleStepper>();

/** One transition from one leaf state: its guard and everything it does. */
interface Candidate {
  readonly guard: GuardFn | null;
  readonly ops: readonly Op[];
  /** The full state value afterwards (shared and frozen). */
  readonly value: StateValue;
  /** XState returns the very same snapshot: no context change, nothing emitted, same states. */
  readonly inert: boolean;
  readonly maySend: boolean;
}

interface Leaf {
  readonly node: ChartNode;
  readonly value: StateValue;
  /** Candidates per event type, deepest state's first, each state's in declaration order. */
  readonly on: Map<string, readonly Candidate[]>;
}

const NO_MESSAGES: Message[] = Object.freeze([]) as unknown as Message[];
const outgoing: Message[] = [];
const EMIT_IN_INITIAL = (id: string) => `machine ${id} emits messages on entry to its initial state; send them from an event instead`;

function build(machine: AnyStateMachine): RoleStepper {
  const root = rootOf(machine);
  const impl = implementationsOf(machine);
  const nodes = allNodes(root);
  for (const node of nodes) refuseUnsupported(machine.id, node);

  const compiled = new Map<readonly unknown[], CompiledAction[]>();
  const actionsOf = (list: readonly unknown[], site: Site): CompiledAction[] => {
    let out = compiled.get(list);
    if (!out) {
      out = list.map((a) => compileAction(site, impl, a));
      compiled.set(list, out);
    }
    return out;
  };
  const siteOf = (node: ChartNode): Site => ({ machine: machine.id, state: statePath(node) });
  // Compile every list once up front, so that refusals surface even for unreachable states.
  for (const node of nodes) {
    actionsOf(node.entry, siteOf(node));
    actionsOf(node.exit, siteOf(node));
    actionsOf(node.initial.actions, siteOf(node));
    for (const ts of node.transitions.values()) for (const t of ts) actionsOf(t.actions, siteOf(node));
  }

  const effects = (m: Movement, transitionActions: readonly unknown[], source: ChartNode): CompiledAction[] => [
    ...m.exited.flatMap((n) => actionsOf(n.exit, siteOf(n))),
    ...actionsOf(transitionActions, siteOf(source)),
    ...m.entered.flatMap((e) => [...actionsOf(e.node.entry, siteOf(e.node)), ...(e.defaultEntry ? actionsOf(e.node.initial.actions, siteOf(e.node)) : [])]),
  ];

  const eventTypes = new Set<string>();
  for (const node of nodes) for (const type of node.transitions.keys()) eventTypes.add(type);

  const leaves = new Map<ChartNode, Leaf>();
  const leafByValue = new Map<StateValue, Leaf>();
  for (const node of nodes) {
    if (node.type !== 'atomic') continue;
    const value = leafValue(node);
    const leaf: Leaf = { node, value, on: new Map() };
    leaves.set(node, leaf);
    leafByValue.set(value, leaf);
  }
  // Values are shared between steps, so each leaf's value is made once.
  const valueOfLeaf = (n: ChartNode) => leaves.get(n)!.value;

  for (const leaf of leaves.values()) {
    const chain = chainTo(leaf.node);
    for (const type of eventTypes) {
      const candidates: Candidate[] = [];
      for (let n: ChartNode | undefined = leaf.node; n; n = n.parent) {
        for (const t of n.transitions.get(type) ?? []) candidates.push(candidate(t, chain));
      }
      if (candidates.length > 0) leaf.on.set(type, candidates);
    }
  }

  function candidate(t: ChartTransition, chain: readonly ChartNode[]): Candidate {
    const guard = compileGuard(siteOf(t.source), impl, t.guard);
    if (t.target === undefined || t.target.length === 0) {
      const list = actionsOf(t.actions, siteOf(t.source));
      return { guard, ops: list.map((a) => a.op), value: valueOfLeaf(chain[chain.length - 1]), inert: list.length === 0, maySend: list.some((a) => a.maySend) };
    }
    const m = movementOf(t, chain, root);
    const list = effects(m, t.actions, t.source);
    const after = m.chain[m.chain.length - 1];
    const sameStates = m.chain.length === chain.length && m.chain.every((n, i) => n === chain[i]);
    return { guard, ops: list.map((a) => a.op), value: valueOfLeaf(after), inert: sameStates && list.length === 0, maySend: list.some((a) => a.maySend) };
  }

  const initial = initialMovement(root);
  const initialActions = effects(initial, [], root);
  const initialEmits = initialActions.some((a) => a.kind === 'emit');
  const initialOps = initialActions.map((a) => a.op);
  const initialValue = valueOfLeaf(initial.chain[initial.chain.length - 1]);
  const contextConfig = (machine.config as { context?: unknown }).context;

  // Every guard of a step reads the context before the step (see effects.ts ActionArgs).
  const guardArgs = actionArgs();

  // The leaf of the last value asked about: the nodes of a cluster mostly share a few.
  let lastValue: StateValue | undefined;
  let lastLeaf: Leaf | undefined;
  function leafOf(value: StateValue): Leaf {
    if (value === lastValue) return lastLeaf!;
    const leaf = leafByValue.get(value) ?? leaves.get(resolveValue(root, value))!;
    lastValue = value;
    lastLeaf = leaf;
    return leaf;
  }

  return {
    initial(input) {
      let context: Context =
        typeof contextConfig === 'function'
          ? Object.assign({}, (contextConfig as (args: { input: unknown }) => Context)({ input }))
          : ((contextConfig as Context | undefined) ?? {});
      if (initialOps.length > 0) {
        const event = { type: 'xstate.init', input };
        const out: Outbox = { sent: [], count: 0, retained: false };
        for (const op of initialOps) context = op(context, event, out);
        if (initialEmits) throw new Error(EMIT_IN_INITIAL(machine.id));
      }
      return { value: initialValue, context };
    },

    step(node: NodeState, event: EventObject): StepResult | undefined {
      if (event.type === '*') throw new Error(`An event cannot have the wildcard type ('*')`);
      const candidates = leafOf(node.value).on.get(event.type);
      if (candidates === undefined) return undefined;
      let chosen: Candidate | undefined;
      guardArgs.context = node.context;
      guardArgs.event = event;
      for (let i = 0; i < candidates.length; i++) {
        const c = candidates[i];
        if (c.guard === null) {
          chosen = c;
          break;
        }
        if (c.guard(guardArgs, undefined)) {
          chosen = c;
          break;
        }
      }
      if (chosen === undefined || chosen.inert) return undefined;
      // Emitted messages gather in one reused array, copied at the end at their exact size
      // (its length is never cut, which would make V8 give its storage back).
      const out: { node: NodeState; sent: Message[]; count: number; retained: boolean } = { node: node, sent: chosen.maySend ? outgoing : NO_MESSAGES, count: 0, retained: false };
      let context = node.context;
      const ops = chosen.ops;
      for (let i = 0; i < ops.length; i++) context = ops[i](context, event, out);
      // A step that changed neither the state nor the context gives back the very node, so
      // that what is remembered by node (its hash, a property's view of it) still applies.
      out.node = context === node.context && chosen.value === node.value ? node : { value: chosen.value, context };
      if (out.sent === outgoing) out.sent = out.count === 0 ? NO_MESSAGES : outgoing.slice(0, out.count);
      return out;
    },
  };
}

/** The nodes from the root down to `leaf`. */
function chainTo(leaf: ChartNode): ChartNode[] {
  const out: ChartNode[] = [];
  for (let n: ChartNode | undefined = leaf; n; n = n.parent) out.unshift(n);
  return out;
}

/** XState's state value of the chain ending at `leaf`: `'a'`, `{a: 'b'}`, `{a: {b: 'c'}}`; `{}` for a machine with no states. */
function leafValue(leaf: ChartNode): StateValue {
  const path = leaf.path;
  if (path.length === 0) return Object.freeze({}) as StateValue;
  let value: StateValue = path[path.length - 1];
  for (let i = path.length - 2; i >= 0; i--) value = Object.freeze({ [path[i]]: value }) as StateValue;
  return value;
}

/** The leaf a (possibly partial) state value denotes, entering initial states below it, as `resolveState` does. */
function resolveValue(root: ChartNode, value: StateValue): ChartNode {
  let node = root;
  let v: StateValue = value;
  for (;;) {
    if (typeof v === 'string') {
      node = childOf(node, v);
      break;
    }
    const keys = Object.keys(v);
    if (keys.length === 0) break;
    if (keys.length > 1) throw new Error(`state value ${JSON.stringify(value)} names parallel regions; this chart has none`);
    node = childOf(node, keys[0]);
    v = (v as Record<string, StateValue>)[keys[0]];
  }
  while (node.type === 'compound') node = node.initial.target[0];
  return node;
}

function childOf(node: ChartNode, key: string): ChartNode {
  const child = node.states[key];
  if (!child) throw new Error(`State '${key}' does not exist on '${node.id}'`);
  return child;
}

/** Throws for the first construct of `node` outside the compiled subset. */
function refuseUnsupported(machine: string, node: ChartNode): void {
  const site: Site = { machine, state: statePath(node) };
  if (node.type === 'parallel') throw refusal(site, 'parallel states', true);
  if (node.type === 'history') throw refusal(site, 'history states', true);
  if (node.type === 'final') throw refusal(site, 'final states', true);
  const config = node.config;
  if (config.always !== undefined || node.always !== undefined) throw refusal(site, "'always' transitions", true);
  if (config.after !== undefined) throw refusal(site, "'after' (delayed) transitions", true);
  if (config.invoke !== undefined || node.invoke.length > 0) throw refusal(site, "'invoke'");
  if (config.onDone !== undefined) throw refusal(site, "'onDone' transitions", true);
  if (config.route !== undefined) throw refusal(site, "'route'");
  const declared = new Set(Object.keys((config.on as object | undefined) ?? {}));
  for (const [descriptor, ts] of node.transitions) {
    if (descriptor.includes('*')) throw refusal(site, `wildcard event descriptor '${descriptor}'`);
    if (!declared.has(descriptor)) throw refusal(site, `transitions on '${descriptor}'`, true);
    for (const t of ts) {
      if (t.target && t.target.length > 1) throw refusal(site, `a transition on '${descriptor}' with several targets`);
    }
  }
}
