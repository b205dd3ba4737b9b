import type { Hasher } from './hash.ts';
import { canonical } from './canonical.ts';
import { hashed, hashOf, sameMessage, type HashedMessage, type Message } from './message.ts';
import { Interned } from './interned.ts';

/**
 * Network semantics, chosen per model:
 * - `set`: a sent message stays forever and can be received any number of times (Lamport's
 *   Paxos specs): loss, duplication and reordering come for free.
 * - `bag`: each copy is delivered once; drop and duplicate are explicit fault actions
 *   (Ongaro's raft.tla). A delivery consumes one copy unless the receiver retains it.
 * - `fifo`: one queue per (from, to) channel; only the head of a queue can be delivered.
 *
 * A network value is immutable: every operation returns a new one. Set and bag networks keep
 * their messages in one canonical order, by the 64-bit hash each message got when it was
 * sent (hash.ts; content breaks the astronomically rare tie), so the same messages in flight
 * make the same network whatever order they were sent in, and no message is ever encoded
 * as a string on the checker's hot path.
 */
export type NetworkKind = 'set' | 'bag' | 'fifo';

/** One deliverable message and how many copies of it are in flight. */
export interface InFlight extends HashedMessage {
  readonly copies: number;
}

export interface SetNetwork {
  readonly kind: 'set';
  /** In message order (`compareMessages`), no duplicates. */
  readonly messages: readonly HashedMessage[];
  /** The sum of the messages' hashes, word by word (see `hashNetwork`). */
  readonly lo: number;
  readonly hi: number;
}

export interface BagNetwork {
  readonly kind: 'bag';
  /** In message order (`compareMessages`); every count is at least 1. */
  readonly entries: readonly InFlight[];
  /** The sum of the hashes of every copy in flight, word by word (see `hashNetwork`). */
  readonly lo: number;
  readonly hi: number;
}

export interface FifoNetwork {
  readonly kind: 'fifo';
  /** Channel key `from->to` mapped to its queue, oldest first; channels sorted by key. */
  readonly channels: readonly { readonly channel: string; readonly queue: readonly HashedMessage[] }[];
}

export type Network = SetNetwork | BagNetwork | FifoNetwork;

export function emptyNetwork(kind: NetworkKind): Network {
  switch (kind) {
    case 'set':
      return { kind, messages: [], lo: 0, hi: 0 };
    case 'bag':
      return { kind, entries: [], lo: 0, hi: 0 };
    case 'fifo':
      return { kind, channels: [] };
  }
}

/** The messages that could be delivered now, each once, with their copy counts. */
export function deliverable(net: Network): InFlight[] {
  switch (net.kind) {
    case 'set':
      return net.messages.map((m) => ({ ...m, copies: 1 }));
    case 'bag':
      return net.entries.slice();
    case 'fifo':
      return net.channels.filter((c) => c.queue.length > 0).map((c) => ({ ...c.queue[0], copies: 1 }));
  }
}

/** The messages that could be delivered now, each once: `deliverable` without the copy counts or a new object per message. */
export function deliverableMessages(net: Network): Message[] {
  switch (net.kind) {
    case 'set':
      return net.messages.map((m) => m.msg);
    case 'bag':
      return net.entries.map((e) => e.msg);
    case 'fifo': {
      const out: Message[] = [];
      for (const c of net.channels) if (c.queue.length > 0) out.push(c.queue[0].msg);
      return out;
    }
  }
}

/**
 * Where `msg` can be delivered now, or -1: its index among a set's messages or a bag's
 * entries, or the index of the fifo channel it heads. The hot path: an action carries the
 * very message object of the network it was enumerated from, so it is found by identity
 * first, and by content only when it came from elsewhere (a trace).
 *
 * Example: `locate(net, deliverableMessages(net)[0]) >= 0`.
 */
export function locate(net: Network, msg: Message): number {
  switch (net.kind) {
    case 'set':
      for (let i = 0; i < net.messages.length; i++) if (net.messages[i].msg === msg) return i;
      return find(net.messages, hashed(msg));
    case 'bag':
      for (let i = 0; i < net.entries.length; i++) if (net.entries[i].msg === msg) return i;
      return find(net.entries, hashed(msg));
    case 'fifo': {
      for (let i = 0; i < net.channels.length; i++) if (net.channels[i].queue[0]?.msg === msg) return i;
      const hm = hashed(msg);
      return net.channels.findIndex((c) => c.queue.length > 0 && compareMessages(c.queue[0], hm) === 0);
    }
  }
}

/**
 * The same network with each message replaced by `keep(msg, hash)` (the low word of its
 * hash), which must give a message with the same content: hashes, order and counts stay.
 * Example: `withMessagesFrom(net, (m, h) => interned.of(m, h))`.
 */
export function withMessagesFrom(net: Network, keep: (msg: Message, hash: number) => Message): Network {
  const kept = <T extends HashedMessage>(m: T): T => ({ ...m, msg: keep(m.msg, m.lo) });
  switch (net.kind) {
    case 'set':
      return { ...net, messages: net.messages.map(kept) };
    case 'bag':
      return { ...net, entries: net.entries.map(kept) };
    case 'fifo':
      return { kind: 'fifo', channels: net.channels.map((c) => ({ channel: c.channel, queue: c.queue.map(kept) })) };
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

/**
 * The network's order of messages: by hash, then (for two different messages with the same
 * 64-bit hash) by canonical encoding; 0 exactly when they are the same message.
 */
function compareMessages(a: HashedMessage, b: HashedMessage): number {
  if (a.hi !== b.hi) return a.hi < b.hi ? -1 : 1;
  if (a.lo !== b.lo) return a.lo < b.lo ? -1 : 1;
  if (a.msg === b.msg || sameMessage(a.msg, b.msg)) return 0;
  const ka = canonical(a.msg);
  const kb = canonical(b.msg);
  return ka < kb ? -1 : 1;
}

/** The first position whose message is not before `hm`, among the first `count` of `items`. */
function search(items: readonly HashedMessage[], hm: HashedMessage, count = items.length): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareMessages(items[mid], hm) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The position of `hm` in `items`, or -1. */
function find(items: readonly HashedMessage[], hm: HashedMessage): number {
  const at = search(items, hm);
  return at < items.length && compareMessages(items[at], hm) === 0 ? at : -1;
}

/** Adds one copy of each message, in order. */
export function send(net: Network, messages: readonly Message[]): Network {
  if (messages.length === 0) return net;
  if (messages.length === 1 || net.kind === 'fifo') {
    let out = net;
    for (let i = 0; i < messages.length; i++) out = sendOne(out, copyToSend(messages[i], net.kind === 'set'));
    return out;
  }
  return sendSeveral(net, messages);
}

/**
 * `send` of several messages to a set or a bag, into one private copy of its array: a
 * broadcast (a candidate's RequestVote to every peer) would otherwise build a whole network
 * for each message and throw all but the last away.
 */
function sendSeveral(net: SetNetwork | BagNetwork, messages: readonly Message[]): Network {
  const isSet = net.kind === 'set';
  const before: readonly HashedMessage[] = isSet ? net.messages : net.entries;
  // Room for every message new; cut to the number there are at the end (in place).
  const items = new Array<InFlight>(before.length + messages.length);
  for (let i = 0; i < before.length; i++) items[i] = before[i] as InFlight;
  let count = before.length;
  let lo = net.lo;
  let hi = net.hi;
  for (let i = 0; i < messages.length; i++) {
    const hm = copyToSend(messages[i], isSet);
    const at = search(items, hm, count);
    if (at < count && compareMessages(items[at], hm) === 0) {
      if (isSet) continue;
      items[at] = withCopies(items[at], items[at].copies + 1);
    } else {
      for (let k = count; k > at; k--) items[k] = items[k - 1];
      items[at] = hm;
      count++;
    }
    lo = (lo + hm.lo) | 0;
    hi = (hi + hm.hi) | 0;
  }
  if (isSet && count === before.length) return net;
  items.length = count;
  return isSet ? { kind: 'set', messages: items, lo, hi } : { kind: 'bag', entries: items, lo, hi };
}

/**
 * `internedCopy` or `oneCopy` of a message, the same object again for a message object sent
 * before: a step the cluster remembers (cluster.ts RecentSteps, RoleSteps) gives back the
 * very messages it sent before, which need not be hashed again. They are found in a map
 * (a message object is never changed), cleared when it holds `MAX_HASHED_BEFORE`: a role
 * that steps directly makes new message objects all the time, and a WeakMap would hold an
 * entry for every live one (millions on raft.tla with three servers) for the garbage
 * collector to trace; a bounded map keeps that cost fixed.
 */
function copyToSend(msg: Message, intern: boolean): InFlight {
  let copy = hashedBefore.get(msg);
  if (copy === undefined) {
    if (hashedBefore.size >= MAX_HASHED_BEFORE) hashedBefore.clear();
    hashedBefore.set(msg, (copy = intern ? internedCopy(msg) : oneCopy(msg)));
  }
  return copy;
}

const hashedBefore = new Map<Message, InFlight>();
const MAX_HASHED_BEFORE = 1 << 16;

/**
 * The message hashed, as one copy in flight: the very object a bag stores when the message
 * is new to it (sets and queues store it as their HashedMessage).
 */
function oneCopy(msg: Message): InFlight {
  const h = hashOf(msg);
  return { msg, lo: h.lo, hi: h.hi, copies: 1 };
}

/**
 * `oneCopy`, interned: the first message of each content becomes the one object every set
 * network holds for that content, so that a network keeps no second object for it,
 * two messages compare by identity, and what is derived from a message (the actions that
 * deliver it, cluster.ts) can be remembered by identity. A set network is where this pays:
 * its messages stay and are sent again and again (Paxos.tla), and adding one that is
 * already there compares contents anyway. (In a bag, where messages come and go, comparing
 * every message sent with the one interned would cost more than it saves.) The table keeps
 * the contents the model sends, which a bounded model has few of; past 65,536 of them it
 * stops growing.
 */
function internedCopy(msg: Message): InFlight {
  const copy = oneCopy(msg);
  return interned.of(copy, copy.lo);
}

const interned = new Interned<InFlight>(1 << 16, (known, fresh) => known.hi === fresh.hi && (known.msg === fresh.msg || sameMessage(known.msg, fresh.msg)));

function sendOne(net: Network, hm: InFlight): Network {
  switch (net.kind) {
    case 'set': {
      const at = search(net.messages, hm);
      if (at < net.messages.length && compareMessages(net.messages[at], hm) === 0) return net;
      return { kind: 'set', messages: inserted(net.messages, at, hm), lo: (net.lo + hm.lo) | 0, hi: (net.hi + hm.hi) | 0 };
    }
    case 'bag': {
      const at = search(net.entries, hm);
      let entries: InFlight[];
      if (at < net.entries.length && compareMessages(net.entries[at], hm) === 0) {
        entries = net.entries.slice();
        entries[at] = withCopies(entries[at], entries[at].copies + 1);
      } else {
        entries = inserted(net.entries, at, hm);
      }
      return { kind: 'bag', entries, lo: (net.lo + hm.lo) | 0, hi: (net.hi + hm.hi) | 0 };
    }
    case 'fifo': {
      const channel = `${hm.msg.from ?? ''}->${hm.msg.to ?? ''}`;
      const channels = net.channels.slice();
      let lo = 0;
      while (lo < channels.length && channels[lo].channel < channel) lo++;
      if (lo < channels.length && channels[lo].channel === channel) {
        channels[lo] = { channel, queue: [...channels[lo].queue, hm] };
      } else {
        channels.splice(lo, 0, { channel, queue: [hm] });
      }
      return { kind: 'fifo', channels };
    }
  }
}

/** The message of `m` with `copies` copies in flight (an entry is never changed in place). */
function withCopies(m: HashedMessage, copies: number): InFlight {
  return { msg: m.msg, lo: m.lo, hi: m.hi, copies };
}

/** A copy of `items` with `item` at `at`: one allocation, where slice and splice may take two. */
function inserted<T>(items: readonly T[], at: number, item: T): T[] {
  const out = new Array<T>(items.length + 1);
  for (let i = 0; i < at; i++) out[i] = items[i];
  out[at] = item;
  for (let i = at; i < items.length; i++) out[i + 1] = items[i];
  return out;
}

/** A copy of `items` without the one at `at`. */
function removed<T>(items: readonly T[], at: number): T[] {
  const out = new Array<T>(items.length - 1);
  for (let i = 0; i < at; i++) out[i] = items[i];
  for (let i = at + 1; i < items.length; i++) out[i - 1] = items[i];
  return out;
}

/**
 * Takes one copy of `msg` out of the network (a delivery that consumes it, or a drop). In a
 * set network sent messages stay, so this is the identity there.
 */
export function remove(net: Network, msg: Message): Network {
  const at = locate(net, msg);
  return at < 0 ? net : removeAt(net, at);
}

/** `remove` for a message found by `locate`. */
export function removeAt(net: Network, at: number): Network {
  switch (net.kind) {
    case 'set':
      return net;
    case 'bag': {
      const gone = net.entries[at];
      let entries: InFlight[];
      if (gone.copies > 1) {
        entries = net.entries.slice();
        entries[at] = withCopies(gone, gone.copies - 1);
      } else {
        entries = removed(net.entries, at);
      }
      return { kind: 'bag', entries, lo: (net.lo - gone.lo) | 0, hi: (net.hi - gone.hi) | 0 };
    }
    case 'fifo': {
      const channels = net.channels.slice();
      const queue = channels[at].queue.slice(1);
      if (queue.length === 0) channels.splice(at, 1);
      else channels[at] = { channel: channels[at].channel, queue };
      return { kind: 'fifo', channels };
    }
  }
}

/**
 * True when two set or bag networks hold the same messages with the same counts (compared
 * by their hashes, then entry by entry, by identity before content); fifo networks are
 * never called the same here.
 */
export function sameNetwork(a: Network, b: Network): boolean {
  if (a.kind === 'fifo' || b.kind !== a.kind || a.lo !== b.lo || a.hi !== b.hi) return false;
  const x = a.kind === 'bag' ? a.entries : a.messages;
  const y = b.kind === 'bag' ? b.entries : (b as SetNetwork).messages;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i];
    const q = y[i];
    if (p === q) continue;
    if (copiesOf(p) !== copiesOf(q) || p.hi !== q.hi || p.lo !== q.lo || (p.msg !== q.msg && !sameMessage(p.msg, q.msg))) return false;
  }
  return true;
}

/**
 * `send(removeAt(net, at), messages)` in one step: a delivery that consumes a message and
 * sends a reply, the commonest step of a bag network, makes one new array instead of two.
 *
 * Example: `replyAt(net, 0, [reply])` equals `send(removeAt(net, 0), [reply])`.
 */
export function replyAt(net: Network, at: number, messages: readonly Message[]): Network {
  if (net.kind !== 'bag' || messages.length !== 1) return send(removeAt(net, at), messages);
  const hm = copyToSend(messages[0], false);
  const entries = net.entries;
  const pos = search(entries, hm);
  const known = pos < entries.length && compareMessages(entries[pos], hm) === 0;
  // One copy out and one copy of the same message in: the very same multiset.
  if (known && pos === at) return net;
  const gone = entries[at];
  const out = new Array<InFlight>(entries.length + (known ? 0 : 1) - (gone.copies === 1 ? 1 : 0));
  let k = 0;
  for (let i = 0; i <= entries.length; i++) {
    if (i === pos && !known) out[k++] = hm;
    if (i === entries.length) break;
    const e = entries[i];
    if (i === at) {
      if (e.copies > 1) out[k++] = withCopies(e, e.copies - 1);
    } else if (known && i === pos) {
      out[k++] = withCopies(e, e.copies + 1);
    } else {
      out[k++] = e;
    }
  }
  return { kind: 'bag', entries: out, lo: (net.lo - gone.lo + hm.lo) | 0, hi: (net.hi - gone.hi + hm.hi) | 0 };
}

/**
 * The copies of messages that `after` holds beyond those `before` holds: for set and bag
 * networks by walking both in their order at once, so that two large networks that differ
 * by a message or two are compared without encoding any message; for fifo networks by
 * content, over every queue position. Example: `addedCopies(net, send(net, [m]))` is one copy of `m`.
 */
export function addedCopies(before: Network, after: Network): InFlight[] {
  if (before.kind === 'fifo' || after.kind === 'fifo' || before.kind !== after.kind) return addedByContent(before, after);
  const was = before.kind === 'set' ? before.messages : before.entries;
  const now = after.kind === 'set' ? after.messages : after.entries;
  const out: InFlight[] = [];
  let i = 0;
  for (const e of now) {
    while (i < was.length && compareMessages(was[i], e) < 0) i++;
    const had = i < was.length && compareMessages(was[i], e) === 0 ? copiesOf(was[i]) : 0;
    const more = copiesOf(e) - had;
    if (more > 0) out.push(withCopies(e, more));
  }
  return out;
}

function copiesOf(m: HashedMessage): number {
  return (m as Partial<InFlight>).copies ?? 1;
}

/** `addedCopies` by content, over every copy in flight (every queue position of a fifo network). */
function addedByContent(before: Network, after: Network): InFlight[] {
  const was = new Map<string, number>();
  for (const m of allCopies(before)) {
    const key = canonical(m);
    was.set(key, (was.get(key) ?? 0) + 1);
  }
  const out = new Map<string, InFlight>();
  for (const m of allCopies(after)) {
    const key = canonical(m);
    const left = was.get(key) ?? 0;
    if (left > 0) was.set(key, left - 1);
    else out.set(key, { ...hashed(m), copies: (out.get(key)?.copies ?? 0) + 1 });
  }
  return [...out.values()];
}

function allCopies(net: Network): Message[] {
  return net.kind === 'bag' ? net.entries.flatMap((e) => Array<Message>(e.copies).fill(e.msg)) : allMessages(net);
}

/** Adds one more copy of a message already in flight (the bag's DuplicateMessage). */
export function duplicate(net: Network, msg: Message): Network {
  const at = locate(net, msg);
  return at < 0 ? net : duplicateAt(net, at);
}

/** `duplicate` for a message found by `locate`. */
export function duplicateAt(net: Network, at: number): Network {
  if (net.kind !== 'bag') return net;
  const entries = net.entries.slice();
  const copied = entries[at];
  entries[at] = withCopies(copied, copied.copies + 1);
  return { kind: 'bag', entries, lo: (net.lo + copied.lo) | 0, hi: (net.hi + copied.hi) | 0 };
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
        const hm = oneCopy(f(e.msg));
        for (let c = 0; c < e.copies; c++) out = sendOne(out, hm);
      }
      return out;
    }
    case 'fifo':
      return send(emptyNetwork('fifo'), net.channels.flatMap((c) => c.queue.map((m) => f(m.msg))));
  }
}

/**
 * A canonical string of the network: independent of the order messages were sent in, with
 * messages sorted by their canonical encoding (not by hash) so that this string is the same
 * for any equal network however it was built (symmetry reduction relies on it).
 */
export function encodeNetwork(net: Network): string {
  switch (net.kind) {
    case 'set':
      return '{' + net.messages.map((m) => canonical(m.msg)).sort().join(',') + '}';
    case 'bag':
      return '[' + net.entries.map((e) => `${e.copies}*${canonical(e.msg)}`).sort(byMessage).join(',') + ']';
    case 'fifo':
      return '<' + net.channels.map((c) => `${JSON.stringify(c.channel)}:[${c.queue.map((m) => canonical(m.msg)).join(',')}]`).join(',') + '>';
  }
}

// `3*{...}` entries compare by the message after the count.
function byMessage(a: string, b: string): number {
  const ka = a.slice(a.indexOf('*') + 1);
  const kb = b.slice(b.indexOf('*') + 1);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Mixes the network into a state's hash. A set or bag network is a multiset of messages: its
 * hash is the sum of the hashes of its copies (word by word, modulo 2^32), kept up to date by
 * every operation, so a state's fingerprint costs the same however many messages are in
 * flight and does not depend on their order. A fifo network is hashed queue by queue.
 */
export function hashNetwork(net: Network, h: Hasher): void {
  switch (net.kind) {
    case 'set':
      h.word(net.messages.length);
      h.word(net.lo);
      h.word(net.hi);
      return;
    case 'bag':
      h.word(net.entries.length);
      h.word(net.lo);
      h.word(net.hi);
      return;
    case 'fifo':
      h.word(net.channels.length);
      for (const c of net.channels) {
        h.string(c.channel);
        h.word(c.queue.length);
        for (const m of c.queue) {
          h.word(m.lo);
          h.word(m.hi);
        }
      }
      return;
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
