import type { AnyStateMachine, AnyStateNode } from 'xstate';
import type { ClusterAction, ClusterModel, ClusterState } from '../system/cluster.ts';
import { flattenValue } from '../system/view.ts';

/**
 * The transitions of a statechart, named by (role, source leaf state, event, target leaf
 * state), as @xstate/graph names the edges of one machine. Entries of a guarded list that
 * share source, event and target are one transition here: a step of the model shows which
 * states it left and reached, not which guard let it through.
 */
export interface Transition {
  readonly role: string;
  readonly source: string;
  readonly event: string;
  readonly target: string;
}

/** `server: follower --Timeout--> candidate`. */
export function transitionName(t: Transition): string {
  return `${t.role}: ${t.source} --${t.event}--> ${t.target}`;
}

/** A file-name-safe form: `server--follower--Timeout--candidate`. */
export function transitionSlug(t: Transition): string {
  return [t.role, t.source, t.event, t.target].map((s) => s.replace(/[^A-Za-z0-9_-]+/g, '_')).join('--');
}

/**
 * Every transition of `machine`, read from its definition: for each leaf state, the
 * transitions of the leaf and of its ancestors, a targetless one staying in the leaf, a
 * compound target entering its initial leaf.
 *
 * Example: the Paxos acceptor gives `active --Prepare--> active` and `active --Accept--> active`.
 */
export function chartTransitions(role: string, machine: AnyStateMachine): Transition[] {
  const seen = new Map<string, Transition>();
  for (const leaf of leaves(machine.root)) {
    const source = leaf.path.join('.');
    for (let node: AnyStateNode | undefined = leaf; node; node = node.parent) {
      for (const [event, definitions] of node.transitions) {
        if (event.startsWith('xstate.') || event === '*') continue;
        for (const definition of definitions) {
          const target = definition.target && definition.target.length > 0 ? initialLeaf(definition.target[0]).path.join('.') : source;
          const t = { role, source, event, target };
          seen.set(transitionName(t), t);
        }
      }
    }
  }
  return [...seen.values()];
}

function leaves(node: AnyStateNode): AnyStateNode[] {
  const children = Object.values(node.states) as AnyStateNode[];
  if (children.length === 0) return node.parent ? [node] : [];
  return children.flatMap(leaves);
}

function initialLeaf(node: AnyStateNode): AnyStateNode {
  let at = node;
  while (Object.keys(at.states).length > 0) {
    const initial = (at.initial as { target?: readonly AnyStateNode[] } | undefined)?.target?.[0];
    if (!initial) break;
    at = initial;
  }
  return at;
}

/** Every transition of every role of a cluster model. */
export function modelTransitions(model: ClusterModel): Transition[] {
  return model.definition.roles.flatMap((r) => chartTransitions(r.name, r.machine));
}

/**
 * The statechart transition a cluster step took, or undefined for a network fault or a
 * crash (which fire no transition).
 *
 * Example: a delivery of Prepare to acceptor a1 gives `acceptor: active --Prepare--> active`.
 */
export function transitionOf(model: ClusterModel, before: ClusterState, action: ClusterAction, after: ClusterState): Transition | undefined {
  if (action.kind !== 'local' && action.kind !== 'deliver') return undefined;
  const event = action.kind === 'local' ? action.event.type : action.msg.type;
  return { role: model.roleOf(action.node).name, source: flattenValue(before.nodes[action.node].value), event, target: flattenValue(after.nodes[action.node].value) };
}
