import { keyed, type KeyedMessage, type Message } from './message.ts';

/**
 * Network semantics, chosen per model:
 * - `set`: a sent message stays forever and can be received any number of times (Lamport's
 *   Paxos specs): loss, duplication and reordering come for free.
 * - `bag`: each copy is delivered once; drop and duplicate are explicit fault actions
 *   (Ongaro's raft.tla). A delivery consumes one copy unless the receiver retains it.
 * - `fifo`: one queue per (from, to) channel; only the head of a queue can be delivered.
 *
 * A network value is immutable: every operation returns a new one.
 */
export type NetworkKind = 'set' | 'bag' | 'fifo';

/** One deliverable message and how many copies of it are in flight. */
export interface InFlight {
  readonly key: string;
  readonly msg: Message;
  readonly copies: number;
}

export interface SetNetwork {
  readonly kind: 'set';
  /** Sorted by key, no duplicates. */
  readonly messages: readonly KeyedMessage[];
}

export interface BagNetwork {
  readonly kind: 'bag';
  /** Sorted by key; every count is at least 1. */
  readonly entries: readonly InFlight[];
}

export interface FifoNetwork {
  readonly kind: 'fifo';
  /** Channel key `from->to` mapped to its queue, oldest first; channels sorted by key. */
  readonly channels: readonly { readonly channel: string; readonly queue: readonly KeyedMessage[] }[];
}

export type Network = SetNetwork | BagNetwork | FifoNetwork;

export function emptyNetwork(kind: NetworkKind): Network {
  switch (kind) {
    case 'set':
      return { kind, messages: [] };
    case 'bag':
      return { kind, entries: [] };
    case 'fifo':
      return { kind, channels: [] };
  }
}

/** The messages that could be delivered now, each once, with their copy counts. */
export function deliverable(net: Network): InFlight[] {
  switch (net.kind) {
    case 'set':
      return net.messages.map((m) => ({ key: m.key, msg: m.msg, copies: 1 }));
    case 'bag':
      return net.entries.slice();
    case 'fifo':
      return net.channels.filter((c) => c.queue.length > 0).map((c) => ({ key: c.queue[0].key, msg: c.queue[0].msg, copies: 1 }));
  }
}

/** True when a message with `key` can be delivered now; no allocation (the hot path asks this per action). */
export function isDeliverable(net: Network, key: string): boolean {
  switch (net.kind) {
    case 'set': {
      const at = search(net.messages, key);
      return at < net.messages.length && net.messages[at].key === key;
    }
    case 'bag': {
      const at = search(net.entries, key);
      return at < net.entries.length && net.entries[at].key === key;
    }
    case 'fifo':
      return net.channels.some((c) => c.queue.length > 0 && c.queue[0].key === key);
  }
}

/** Every message in flight (all queue positions for fifo), for properties and display. */
export function allMessages(net: Network): Message[] {
  switch (net.kind) {
    case 'set':
      return net.messages.map((m) => m.msg);
    case 'bag':
      return net.entries.map((e) => e.msg);
    case 'fifo':
      return net.channels.flatMap((c) => c.queue.map((m) => m.msg));
  }
}

function search<T extends { key: string }>(items: readonly T[], key: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid].key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Adds one copy of each message, in order. */
export function send(net: Network, messages: readonly Message[]): Network {
  if (messages.length === 0) return net;
  let out = net;
  for (const msg of messages) out = sendOne(out, keyed(msg));
  return out;
}

function sendOne(net: Network, km: KeyedMessage): Network {
  switch (net.kind) {
    case 'set': {
      const at = search(net.messages, km.key);
      if (at < net.messages.length && net.messages[at].key === km.key) return net;
      const messages = net.messages.slice();
      messages.splice(at, 0, km);
      return { kind: 'set', messages };
    }
    case 'bag': {
      const at = search(net.entries, km.key);
      const entries = net.entries.slice();
      if (at < entries.length && entries[at].key === km.key) {
        entries[at] = { ...entries[at], copies: entries[at].copies + 1 };
      } else {
        entries.splice(at, 0, { key: km.key, msg: km.msg, copies: 1 });
      }
      return { kind: 'bag', entries };
    }
    case 'fifo': {
      const channel = `${km.msg.from ?? ''}->${km.msg.to ?? ''}`;
      const channels = net.channels.slice();
      let lo = 0;
      while (lo < channels.length && channels[lo].channel < channel) lo++;
      if (lo < channels.length && channels[lo].channel === channel) {
        channels[lo] = { channel, queue: [...channels[lo].queue, km] };
      } else {
        channels.splice(lo, 0, { channel, queue: [km] });
      }
      return { kind: 'fifo', channels };
    }
  }
}

/**
 * Takes one copy of the message with `key` out of the network (a delivery that consumes it,
 * or a drop). In a set network sent messages stay, so this is the identity there.
 */
export function remove(net: Network, key: string): Network {
  switch (net.kind) {
    case 'set':
      return net;
    case 'bag': {
      const at = search(net.entries, key);
      if (at >= net.entries.length || net.entries[at].key !== key) return net;
      const entries = net.entries.slice();
      if (entries[at].copies > 1) entries[at] = { ...entries[at], copies: entries[at].copies - 1 };
      else entries.splice(at, 1);
      return { kind: 'bag', entries };
    }
    case 'fifo': {
      const at = net.channels.findIndex((c) => c.queue.length > 0 && c.queue[0].key === key);
      if (at < 0) return net;
      const channels = net.channels.slice();
      const queue = channels[at].queue.slice(1);
      if (queue.length === 0) channels.splice(at, 1);
      else channels[at] = { channel: channels[at].channel, queue };
      return { kind: 'fifo', channels };
    }
  }
}

/** Adds one more copy of a message already in flight (the bag's DuplicateMessage). */
export function duplicate(net: Network, key: string): Network {
  if (net.kind !== 'bag') return net;
  const at = search(net.entries, key);
  if (at >= net.entries.length || net.entries[at].key !== key) return net;
  const entries = net.entries.slice();
  entries[at] = { ...entries[at], copies: entries[at].copies + 1 };
  return { kind: 'bag', entries };
}

/**
 * The same network with every message rewritten by `f` (symmetry reduction renames node ids
 * inside them): keys recomputed, order restored, equal results merged as `send` would.
 */
export function mapMessages(net: Network, f: (msg: Message) => Message): Network {
  switch (net.kind) {
    case 'set':
      return send(emptyNetwork('set'), net.messages.map((m) => f(m.msg)));
    case 'bag': {
      let out: Network = emptyNetwork('bag');
      for (const e of net.entries) {
        const km = keyed(f(e.msg));
        for (let c = 0; c < e.copies; c++) out = sendOne(out, km);
      }
      return out;
    }
    case 'fifo':
      return send(emptyNetwork('fifo'), net.channels.flatMap((c) => c.queue.map((m) => f(m.msg))));
  }
}

/** A canonical string of the network: independent of the order messages were sent in. */
export function encodeNetwork(net: Network): string {
  switch (net.kind) {
    case 'set':
      return '{' + net.messages.map((m) => m.key).join(',') + '}';
    case 'bag':
      return '[' + net.entries.map((e) => `${e.copies}*${e.key}`).join(',') + ']';
    case 'fifo':
      return '<' + net.channels.map((c) => `${JSON.stringify(c.channel)}:[${c.queue.map((m) => m.key).join(',')}]`).join(',') + '>';
  }
}

/** Copies of messages in flight, summed over distinct messages. */
export function inFlightCount(net: Network): number {
  switch (net.kind) {
    case 'set':
      return net.messages.length;
    case 'bag':
      return net.entries.length;
    case 'fifo':
      return net.channels.reduce((n, c) => n + c.queue.length, 0);
  }
}

/** The largest number of copies of any one message (1 for set and fifo). */
export function maxCopies(net: Network): number {
  if (net.kind !== 'bag') return net.kind === 'set' && net.messages.length === 0 ? 0 : 1;
  let max = 0;
  for (const e of net.entries) if (e.copies > max) max = e.copies;
  return max;
}
