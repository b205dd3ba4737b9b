import { UsageError } from '../model/errors.ts';
import { resolveParams, variantOf, type ProtocolDefinition } from '../model/protocol.ts';
import type { ClusterAction, ClusterModel, ClusterState } from '../system/cluster.ts';
import { canonical } from '../system/canonical.ts';
import { actionToJson } from '../trace/itf.ts';

/**
 * One walk through a model, as the explorer shows it: the protocol, variant and parameters
 * chosen, and the path taken, each step named by its position among the actions enabled in
 * the state before it. The path alone rebuilds every state, so it is what a permalink keeps.
 * Pure and DOM-free, so the same code runs in the page, in the worker and in the tests.
 */

export interface Choice {
  readonly protocol: string;
  readonly variant: string;
  /** Parameters given explicitly, as typed; the rest take their defaults. */
  readonly params: Readonly<Record<string, string>>;
  /** Index of each step among the enabled actions of the state before it. */
  readonly path: readonly number[];
  /** How many steps of the path are shown (back and forward move this). */
  readonly at: number;
}

/** An action enabled in a state, with the state it leads to. */
export interface Enabled {
  readonly action: ClusterAction;
  readonly next: ClusterState;
  readonly label: string;
}

export interface Walk {
  readonly model: ClusterModel;
  /** `states[i + 1]` follows `states[i]` by `actions[i]`; one more state than actions. */
  readonly states: readonly ClusterState[];
  readonly actions: readonly ClusterAction[];
}

/** The actions enabled in `state`, in the model's order. Example: `enabledActions(model, model.initialStates()[0])[0].label`. */
export function enabledActions(model: ClusterModel, state: ClusterState): Enabled[] {
  const out: Enabled[] = [];
  for (const action of model.actions(state)) {
    const next = model.nextState(state, action);
    if (next !== undefined) out.push({ action, next, label: model.describeAction(action) });
  }
  return out;
}

/**
 * Builds the model of a choice; UsageError (with the CLI's wording) for an unknown variant
 * or a parameter out of range. Example: `buildModel(paxos, { variant: 'default', params: { acceptors: '3' } })`.
 */
export function buildModel(def: ProtocolDefinition, choice: Pick<Choice, 'variant' | 'params'>): ClusterModel {
  const variant = variantOf(def, choice.variant || undefined);
  return def.build(resolveParams(def, variant, choice.params), variant.name);
}

/**
 * Follows a path from the first initial state; UsageError naming the first step that is not
 * enabled. Example: `followPath(model, [0, 2]).states.length === 3`.
 */
export function followPath(model: ClusterModel, path: readonly number[]): Walk {
  const states = [model.initialStates()[0]];
  const actions: ClusterAction[] = [];
  path.forEach((index, step) => {
    const enabled = enabledActions(model, states[states.length - 1]);
    const taken = enabled[index];
    if (!taken) throw new UsageError(`step ${step + 1} of the path picks action ${index}, but only ${enabled.length} are enabled there`);
    actions.push(taken.action);
    states.push(taken.next);
  });
  return { model, states, actions };
}

/**
 * The path of a sequence of actions (a counterexample or a trace file): the position of each
 * among the actions enabled before it. UsageError naming the first action the model cannot take.
 *
 * Example: `pathOf(model, result.violation.trace.actions)` is `[0, 3, 1]` for a 3-step trace.
 */
export function pathOf(model: ClusterModel, actions: readonly ClusterAction[]): number[] {
  let state = model.initialStates()[0];
  const path: number[] = [];
  actions.forEach((action, step) => {
    const wanted = canonical(actionToJson(action));
    const enabled = enabledActions(model, state);
    const index = enabled.findIndex((e) => canonical(actionToJson(e.action)) === wanted);
    if (index < 0) throw new UsageError(`step ${step + 1} (${model.describeAction(action)}) is not enabled in this model`);
    path.push(index);
    state = enabled[index].next;
  });
  return path;
}

/** The properties a step breaks: invariants of the state reached, action properties of the step. */
export function brokenAt(model: ClusterModel, walk: Walk, at: number): string[] {
  const state = walk.states[at];
  const broken = model.invariants.filter((p) => !p.holds(state)).map((p) => p.name);
  if (at > 0) {
    for (const p of model.actionProperties) if (!p.holds(walk.states[at - 1], walk.actions[at - 1], state)) broken.push(p.name);
  }
  return broken;
}

const PARAM_PREFIX = 'param.';

/**
 * A choice as a URL fragment, readable and stable: `protocol=raft&variant=default&param.servers=3&path=0.2.1&at=3`.
 * Example: `decodeChoice(encodeChoice(c))` equals `c`.
 */
export function encodeChoice(choice: Choice): string {
  const q = new URLSearchParams();
  q.set('protocol', choice.protocol);
  q.set('variant', choice.variant);
  for (const key of Object.keys(choice.params).sort()) q.set(PARAM_PREFIX + key, choice.params[key]);
  q.set('path', choice.path.join('.'));
  q.set('at', String(choice.at));
  return q.toString();
}

/** Reads a fragment written by encodeChoice (with or without its `#`); undefined when it names no protocol. */
export function decodeChoice(fragment: string): Choice | undefined {
  const q = new URLSearchParams(fragment.replace(/^#/, ''));
  const protocol = q.get('protocol');
  if (!protocol) return undefined;
  const params: Record<string, string> = {};
  for (const [key, value] of q) if (key.startsWith(PARAM_PREFIX)) params[key.slice(PARAM_PREFIX.length)] = value;
  const pathText = q.get('path') ?? '';
  const path = pathText === '' ? [] : pathText.split('.').map(Number);
  if (path.some((n) => !Number.isInteger(n) || n < 0)) throw new UsageError(`the link's path '${pathText}' is not a list of action numbers`);
  const atText = q.get('at');
  const at = atText === null ? path.length : Number(atText);
  if (!Number.isInteger(at) || at < 0 || at > path.length) throw new UsageError(`the link's step 'at=${atText}' is outside its path of ${path.length} steps`);
  return { protocol, variant: q.get('variant') ?? '', params, path, at };
}
