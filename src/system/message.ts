import { canonical } from './canonical.ts';

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

/** A message with its canonical key computed once, when it enters the network. */
export interface KeyedMessage {
  readonly key: string;
  readonly msg: Message;
}

// A message is immutable once emitted, and the same object travels from the network into
// the actions that deliver it: its key is computed once, not at every delivery considered.
const keys = new WeakMap<Message, string>();

/** The message with its canonical key (computed once per message object). */
export function keyed(msg: Message): KeyedMessage {
  return { key: messageKey(msg), msg };
}

/** The canonical key of a message. Example: `messageKey({type: 'ping', k: 1}) === '{"k":1,"type":"ping"}'`. */
export function messageKey(msg: Message): string {
  let key = keys.get(msg);
  if (key === undefined) {
    key = canonical(msg);
    keys.set(msg, key);
  }
  return key;
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
