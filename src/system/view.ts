import type { ClusterState } from './cluster.ts';
import type { Message } from './message.ts';
import { allMessages } from './network.ts';

/** Helpers for properties: read a cluster state without knowing how it is stored. */

/** The context of node `id`, typed by the caller. Example: `contextOf<AcceptorContext>(s, 'a1').maxBal`. */
export function contextOf<C>(state: ClusterState, id: string): C {
  const node = state.nodes[id];
  if (!node) throw new Error(`no node ${id} in this state`);
  return node.context as C;
}

/** The statechart state value of node `id` as a string (`leader`, or `active.waiting` when nested). */
export function stateOf(state: ClusterState, id: string): string {
  return flattenValue(state.nodes[id].value);
}

export function flattenValue(value: unknown): string {
  if (typeof value === 'string') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.map(([k, v]) => `${k}.${flattenValue(v)}`).join(',');
}

/** Ids of every node, in declaration order. */
export function nodeIds(state: ClusterState): string[] {
  return Object.keys(state.nodes);
}

/** Every message in flight, optionally only those of one type. */
export function messagesOf<M extends Message = Message>(state: ClusterState, type?: string): M[] {
  const all = allMessages(state.network);
  return (type === undefined ? all : all.filter((m) => m.type === type)) as M[];
}
