import { canonical } from './canonical.ts';
import { Hasher } from './hash.ts';

/**
 * A message between nodes. `type` names the message kind; `from` and `to` are node ids.
 * A message without `to` is addressed to every node whose role receives its type, as in
 * Lamport's Paxos.tla where a "1a" message is read by any acceptor.
 */
export interface Message {
  readonly type: string;
  readonly from?: string;
  readonly to?: string;
  readonly [field: string]: unknown;
}

/**
 * A message with its 64-bit structural hash (hash.ts), computed once, when it enters the
 * network: the hash orders the network and goes into the fingerprint of every state that
 * holds the message.
 */
export interface HashedMessage {
  readonly msg: Message;
  readonly lo: number;
  readonly hi: number;
}

const hasher = new Hasher();

/** The message with its hash. Example: `hashed({type: 'ping'}).msg.type === 'ping'`. */
export function hashed(msg: Message): HashedMessage {
  const h = hashOf(msg);
  return { msg, lo: h.lo, hi: h.hi };
}

/** A hasher holding the message's hash in `lo` and `hi`, until the next call. */
export function hashOf(msg: Message): Readonly<Hasher> {
  hasher.reset();
  hasher.value(msg);
  hasher.finish();
  return hasher;
}

/** True when two messages have the same canonical encoding, compared without encoding them. */
export function sameMessage(a: Message, b: Message): boolean {
  return sameJson(a, b);
}

/** True when two JSON values have the same canonical encoding, compared without encoding them. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // canonical writes an undefined array element as null.
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // An undefined field is the same as an absent one.
  let fields = 0;
  for (const k in ra) {
    if (ra[k] === undefined) continue;
    fields++;
    if (rb[k] === undefined || !sameJson(ra[k], rb[k])) return false;
  }
  for (const k in rb) if (rb[k] !== undefined) fields--;
  return fields === 0;
}

/** `Prepare(b=2)`: the message's type and its payload, without the addressing fields. */
export function describeMessage(msg: Message): string {
  const fields = Object.keys(msg)
    .filter((k) => k !== 'type' && k !== 'from' && k !== 'to')
    .sort()
    .map((k) => `${k}=${shortValue(msg[k])}`);
  return fields.length === 0 ? msg.type : `${msg.type}(${fields.join(', ')})`;
}

function shortValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return canonical(value);
}
