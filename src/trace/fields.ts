import type { ClusterState } from '../system/cluster.ts';
import { canonical } from '../system/canonical.ts';
import { describeMessage, type Message } from '../system/message.ts';
import { deliverable, type Network } from '../system/network.ts';

/**
 * A cluster state as named fields a person can read (`a2.maxBal`, `s1.nextIndex.s2`,
 * `p1.state`) plus the messages in flight; and the difference between two such states. Used
 * by `soffio show` to print what a step changed and by `soffio replay` to name what diverged.
 */

/** Field name -> value. Records are flattened into dotted names; arrays stay whole. */
export type Fields = ReadonlyMap<string, unknown>;

/** Example: `stateFields(s).get('a2.maxBal') === 2`. */
export function stateFields(state: ClusterState): Fields {
  const out = new Map<string, unknown>();
  for (const id of Object.keys(state.nodes)) {
    const node = state.nodes[id];
    out.set(`${id}.state`, flattenStateValue(node.value));
    flatten(node.context, id, out);
  }
  // Crashed nodes, only when there are some: most models have no crash faults.
  if (state.down.length > 0) out.set('down', state.down);
  return out;
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value).sort();
    // An empty record is still a value worth showing.
    if (keys.length === 0) out.set(prefix, value);
    for (const key of keys) flatten((value as Record<string, unknown>)[key], `${prefix}.${key}`, out);
    return;
  }
  if (value !== undefined) out.set(prefix, value);
}

function flattenStateValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}.${flattenStateValue(v)}`)
    .join(',');
}

/** One message for a person: `Prepare(b=2) from p1 to a2`. */
export function describeInFlight(msg: Message): string {
  return `${describeMessage(msg)}${msg.from !== undefined ? ` from ${msg.from}` : ''}${msg.to !== undefined ? ` to ${msg.to}` : ''}`;
}

/**
 * Messages in flight as description -> copies (a fifo queue counts every position).
 * Example: after two sends of the same Prepare to a bag, `get('Prepare(bal=0) from p1') === 2`.
 */
export function networkContents(net: Network): ReadonlyMap<string, number> {
  const out = new Map<string, number>();
  const add = (msg: Message, copies: number) => {
    const d = describeInFlight(msg);
    out.set(d, (out.get(d) ?? 0) + copies);
  };
  if (net.kind === 'fifo') for (const c of net.channels) for (const m of c.queue) add(m.msg, 1);
  else for (const m of deliverable(net)) add(m.msg, m.copies);
  return out;
}

/** A value for a person: strings bare, everything else as compact JSON. Example: `showValue([1, 2]) === '[1,2]'`. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return `[${value.join(', ')}]`;
  return canonical(value);
}

export interface FieldChange {
  readonly field: string;
  /** undefined when the field did not exist before (or after). */
  readonly before: unknown;
  readonly after: unknown;
}

export interface StateDiff {
  readonly changed: readonly FieldChange[];
  /** Message descriptions, one entry per copy. */
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/**
 * What changed from `before` to `after`, fields in the order `after` lists them.
 * Example: `diffStates(s0, s1).changed[0]` is `{field: 'a2.maxBal', before: -1, after: 2}`.
 */
export function diffStates(before: ClusterState, after: ClusterState): StateDiff {
  const a = stateFields(before);
  const b = stateFields(after);
  const changed: FieldChange[] = [];
  // An empty record is shown as one field; once it has entries, they are the fields. So an
  // empty record's placeholder that appears or disappears beside its own entries is no change.
  const placeholder = (fields: Fields, field: string, value: unknown) => isEmptyRecord(value) && hasEntriesUnder(fields, field);
  for (const [field, value] of b) {
    if (a.has(field) && canonical(a.get(field)) === canonical(value)) continue;
    if (!a.has(field) && placeholder(a, field, value)) continue;
    changed.push({ field, before: a.get(field), after: value });
  }
  for (const [field, value] of a) if (!b.has(field) && !placeholder(b, field, value)) changed.push({ field, before: value, after: undefined });
  const na = networkContents(before.network);
  const nb = networkContents(after.network);
  const added: string[] = [];
  const removed: string[] = [];
  for (const [d, n] of nb) for (let i = na.get(d) ?? 0; i < n; i++) added.push(d);
  for (const [d, n] of na) for (let i = nb.get(d) ?? 0; i < n; i++) removed.push(d);
  return { changed, added, removed };
}

function isEmptyRecord(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

function hasEntriesUnder(fields: Fields, field: string): boolean {
  const prefix = field + '.';
  for (const name of fields.keys()) if (name.startsWith(prefix)) return true;
  return false;
}

/** The lines of a diff, indented. Example: `['    a2.maxBal: -1 -> 2', '    + Prepare(b=2) from p1']`. */
export function diffLines(diff: StateDiff, indent = '    '): string[] {
  const lines = diff.changed.map((c) => `${indent}${c.field}: ${c.before === undefined ? '(none)' : showValue(c.before)} -> ${c.after === undefined ? '(none)' : showValue(c.after)}`);
  for (const d of diff.added) lines.push(`${indent}+ ${d}`);
  for (const d of diff.removed) lines.push(`${indent}- ${d}`);
  return lines;
}
