import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message } from '../src/system/message.ts';
import { addedCopies, allMessages, emptyNetwork, hashNetwork, removeAt, replyAt, sameNetwork, send, withMessagesFrom, type Network, type NetworkKind } from '../src/system/network.ts';
import { Hasher } from '../src/system/hash.ts';
import { recentlyComputed } from '../src/util/recent.ts';

const message = fc.record({ type: fc.constantFrom('req', 'resp'), from: fc.constantFrom('s1', 's2'), to: fc.constantFrom('s1', 's2'), k: fc.integer({ min: 0, max: 2 }) });

/** A network as an independent value: its messages as sorted JSON strings, one per copy. */
function contents(net: Network): string[] {
  const out: string[] = [];
  for (const m of allMessages(net)) out.push(JSON.stringify([m.type, m.from, m.to, m.k]));
  if (net.kind === 'bag') {
    out.length = 0;
    for (const e of net.entries) for (let c = 0; c < e.copies; c++) out.push(JSON.stringify([e.msg.type, e.msg.from, e.msg.to, e.msg.k]));
  }
  return out.sort();
}

function hashOf(net: Network): [number, number] {
  const h = new Hasher();
  hashNetwork(net, h);
  h.finish();
  return [h.lo, h.hi];
}

describe('replyAt: a delivery that consumes a message and sends replies', () => {
  it.each<NetworkKind>(['bag', 'set', 'fifo'])('leaves the %s network that removing then sending leaves, hash included', (kind) => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 6 }), fc.nat(), fc.array(message, { maxLength: 2 }), (inFlight, pick, replies) => {
        const net = send(emptyNetwork(kind), inFlight as Message[]);
        const count = net.kind === 'bag' ? net.entries.length : net.kind === 'set' ? net.messages.length : net.channels.length;
        const at = pick % count;
        const fused = replyAt(net, at, replies as Message[]);
        const stepwise = send(removeAt(net, at), replies as Message[]);
        expect(contents(fused)).toEqual(contents(stepwise));
        expect(hashOf(fused)).toEqual(hashOf(stepwise));
        // The network keeps its canonical order: built afresh from its contents, it is the same.
        expect(contents(send(emptyNetwork(kind), allMessages(fused)))).toEqual(kind === 'bag' ? [...new Set(contents(fused))].sort() : contents(fused));
      }),
      { numRuns: 500 },
    );
  });

  it('gives back the very network when the reply is a copy of the message it consumes', () => {
    const msg: Message = { type: 'req', from: 's1', to: 's2', k: 0 };
    const net = send(emptyNetwork('bag'), [msg, { type: 'resp', from: 's2', to: 's1', k: 1 }]);
    if (net.kind !== 'bag') throw new Error('a bag was asked for');
    const at = net.entries.findIndex((e) => e.msg.type === 'req');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(replyAt(net, at, [{ ...msg }])).toBe(net);
  });

  it('a set network holds one object per message content, however many times it is sent', () => {
    const first = send(emptyNetwork('set'), [{ type: 'ping', from: 'a', to: 'b', n: 7 }]);
    const again = send(emptyNetwork('set'), [{ n: 7, to: 'b', from: 'a', type: 'ping' }]);
    expect(allMessages(again)[0]).toBe(allMessages(first)[0]);
    const other = send(emptyNetwork('set'), [{ type: 'ping', from: 'a', to: 'b', n: 8 }]);
    expect(allMessages(other)[0]).not.toBe(allMessages(first)[0]);
    expect(allMessages(other)[0].n).toBe(8);
  });
});

describe('addedCopies: what a step added to the network', () => {
  it.each<NetworkKind>(['bag', 'set', 'fifo'])('gives the %s network\'s copies beyond the earlier one\'s, as a multiset difference', (kind) => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 6 }), fc.array(message, { maxLength: 3 }), fc.nat(), (inFlight, sent, pick) => {
        const before = send(emptyNetwork(kind), inFlight as Message[]);
        // A step: maybe one message consumed, then some sent.
        const count = before.kind === 'bag' ? before.entries.length : before.kind === 'set' ? before.messages.length : before.channels.length;
        const after = send(count > 0 && pick % 2 === 0 ? removeAt(before, pick % count) : before, sent as Message[]);
        const expected = new Map<string, number>();
        const was = contents(before);
        for (const key of contents(after)) {
          const at = was.indexOf(key);
          if (at >= 0) was.splice(at, 1);
          else expected.set(key, (expected.get(key) ?? 0) + 1);
        }
        const got = new Map<string, number>();
        for (const e of addedCopies(before, after)) got.set(JSON.stringify([e.msg.type, e.msg.from, e.msg.to, e.msg.k]), e.copies);
        expect(got).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('recentlyComputed', () => {
  it('keeps a key asked for between new ones, and forgets the least recently used', () => {
    const computed: string[] = [];
    const keys = Object.fromEntries(['p', 'a', 'b', 'c', 'd'].map((k) => [k, { k }]));
    const upper = recentlyComputed((key: { k: string }) => {
      computed.push(key.k);
      return key.k.toUpperCase();
    }, 2);
    // The parent p is asked for between each of its successors a, b, c, as the checker does.
    const asked = ['p', 'a', 'p', 'b', 'p', 'c', 'p'].map((k) => upper(keys[k]));
    expect(asked).toEqual(['P', 'A', 'P', 'B', 'P', 'C', 'P']);
    expect(computed).toEqual(['p', 'a', 'b', 'c']);
    // Two new keys push p out.
    upper(keys.d);
    upper(keys.a);
    upper(keys.p);
    expect(computed).toEqual(['p', 'a', 'b', 'c', 'd', 'a', 'p']);
  });
});

describe('send: several messages at once', () => {
  it.each<NetworkKind>(['bag', 'set', 'fifo'])('leaves the %s network that sending them one at a time leaves, hash included', (kind) => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 4 }), fc.array(message, { minLength: 2, maxLength: 4 }), (before, sent) => {
        const net = send(emptyNetwork(kind), before as Message[]);
        const together = send(net, sent as Message[]);
        const oneByOne = (sent as Message[]).reduce((n, m) => send(n, [m]), net);
        expect(contents(together)).toEqual(contents(oneByOne));
        expect(hashOf(together)).toEqual(hashOf(oneByOne));
        // Against the contents alone: every copy in a bag, every content once in a set.
        const expected = [...contents(net), ...(sent as Message[]).map((m) => JSON.stringify([m.type, m.from, m.to, m.k]))].sort();
        expect(contents(together)).toEqual(kind === 'set' ? [...new Set(expected)].sort() : expected);
        // The network it was sent to is left as it was.
        expect(contents(net)).toEqual(contents(send(emptyNetwork(kind), before as Message[])));
      }),
      { numRuns: 500 },
    );
  });
});

describe('withMessagesFrom: the same network with equal message objects put in', () => {
  it.each<NetworkKind>(['bag', 'set', 'fifo'])('keeps a %s network\'s contents and hash, and holds the objects it was given', (kind) => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 6 }), (inFlight) => {
        const net = send(emptyNetwork(kind), inFlight as Message[]);
        const given = new Set<Message>();
        const copied = withMessagesFrom(net, (m) => {
          const copy = structuredClone(m);
          given.add(copy);
          return copy;
        });
        expect(contents(copied)).toEqual(contents(net));
        expect(hashOf(copied)).toEqual(hashOf(net));
        for (const m of allMessages(copied)) expect(given.has(m)).toBe(true);
      }),
    );
  });
});

describe('sameNetwork: two set or bag networks with the same messages in flight', () => {
  it.each<NetworkKind>(['bag', 'set'])('says two %s networks are the same exactly when they hold the same copies, in whatever order and objects they were sent', (kind) => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 5 }), fc.array(message, { maxLength: 5 }), (one, other) => {
        const a = send(emptyNetwork(kind), one as Message[]);
        // Copies of the messages (other objects), sent in reverse order.
        const b = send(emptyNetwork(kind), (other as Message[]).map((m) => ({ ...m })).reverse());
        const sameContents = JSON.stringify(contents(a)) === JSON.stringify(contents(b));
        expect(sameNetwork(a, b)).toBe(sameContents);
        expect(sameNetwork(a, send(emptyNetwork(kind), [...(one as Message[])].reverse().map((m) => ({ ...m }))))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never calls fifo networks the same', () => {
    const net = send(emptyNetwork('fifo'), [{ type: 'req', from: 's1', to: 's2' }]);
    expect(sameNetwork(net, net)).toBe(false);
  });
});
