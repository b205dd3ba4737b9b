import { describe, expect, it } from 'vitest';
import { ByMessages } from '../src/system/by-messages.ts';
import type { ClusterState } from '../src/system/cluster.ts';
import type { Message } from '../src/system/message.ts';
import { emptyNetwork, send, type NetworkKind } from '../src/system/network.ts';

/** A state whose network of `kind` holds copies (fresh objects) of `messages`. */
function holding(messages: readonly Message[], kind: NetworkKind = 'set'): ClusterState {
  return { nodes: {}, down: [], network: send(emptyNetwork(kind), messages.map((m) => ({ ...m }))) };
}

const vote = (acc: string, bal: number): Message => ({ type: 'vote', acc, bal });
const isVote = (m: Message) => m.type === 'vote';

describe('ByMessages: a value per set of picked messages in flight', () => {
  it('computes once per set of picked messages, whatever else is in flight and in whatever order they were sent', () => {
    const memo = new ByMessages<string, ClusterState>();
    const computed: string[] = [];
    const votesOf = (state: ClusterState) =>
      memo.of(state, 0, isVote, (s) => {
        const key = (s.network.kind === 'set' ? s.network.messages : []).filter((m) => isVote(m.msg)).map((m) => `${m.msg.acc}${m.msg.bal}`).sort().join(',');
        computed.push(key);
        return key;
      }, state);
    expect(votesOf(holding([vote('a1', 0), vote('a2', 0)]))).toBe('a10,a20');
    expect(votesOf(holding([{ type: 'other', k: 1 }, vote('a2', 0), vote('a1', 0)]))).toBe('a10,a20');
    expect(votesOf(holding([vote('a1', 0)]))).toBe('a10');
    expect(votesOf(holding([vote('a1', 0), vote('a2', 0), { type: 'other', k: 2 }]))).toBe('a10,a20');
    expect(computed).toEqual(['a10,a20', 'a10']);
  });

  it('keeps groups apart, and computes every time for a network that is not a set', () => {
    const memo = new ByMessages<number, number>();
    let computed = 0;
    const of = (state: ClusterState, group: number) => memo.of(state, group, isVote, (g) => (computed++, g), group);
    const state = holding([vote('a1', 0)]);
    expect([of(state, 1), of(state, 2), of(state, 1)]).toEqual([1, 2, 1]);
    expect(computed).toBe(2);
    const bag = holding([vote('a1', 0)], 'bag');
    of(bag, 1);
    of(bag, 1);
    expect(computed).toBe(4);
  });
});
