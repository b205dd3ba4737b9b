import type { ClusterState } from './cluster.ts';
import type { Message } from './message.ts';
import { recentlyComputed } from '../util/recent.ts';
import { allMessages, type Network } from './network.ts';

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

/** Every message in flight, optionally only those of one type; the array is shared and frozen. */
export function messagesOf<M extends Message = Message>(state: ClusterState, type?: string): readonly M[] {
  const key = type ?? ALL;
  const byType = messagesByType(state.network);
  let found = byType.get(key);
  if (found === undefined) {
    const all = allMessages(state.network);
    byType.set(key, (found = Object.freeze(type === undefined ? all : all.filter((m) => m.type === type))));
  }
  return found as readonly M[];
}

const ALL = Symbol('all');

// Properties and local-event generators ask for the messages of a type several times per
// state, and successors share their parent's network object when a step sends nothing.
const messagesByType = recentlyComputed((_network: Network) => new Map<string | typeof ALL, readonly Message[]>());
