import type { ClusterState } from './cluster.ts';
import type { Message } from './message.ts';

/**
 * A value per set of messages in flight, for whatever is a function of some of the messages
 * of a set network alone (Paxos.tla's votes are its 2b messages; a ballot's candidate events
 * are its 1b messages). A set network holds one object per message content (network.ts
 * interns them) in a fixed order, so the messages a filter picks name the set by identity:
 * the value is computed once per set and found again, without reading anything else, in
 * every state that holds those messages whatever else is in flight.
 *
 * Kept as a trie of Maps keyed by message objects, one per `group` (a number the caller
 * chooses, e.g. a ballot). Other network kinds (where copies count, or order is per channel)
 * compute directly. Cleared at `limit` sets, which bounds what it holds on to should messages
 * not be one object per content.
 *
 * Example: `votes.of(state, 0, (m) => m.type === '2b', computeView, state)`.
 */
export class ByMessages<V, A> {
  private roots = new Map<number, Branch<V>>();
  private size = 0;

  constructor(private readonly limit = 1 << 16) {}

  /** The value for the messages of `state` that `picks` (within `group`), computed as `compute(arg)` when new. */
  of(state: ClusterState, group: number, picks: (m: Message, arg: A) => boolean, compute: (arg: A) => V, arg: A): V {
    const net = state.network;
    if (net.kind !== 'set') return compute(arg);
    let at = this.roots.get(group);
    if (at === undefined) this.roots.set(group, (at = { next: new Map() }));
    const held = net.messages;
    for (let i = 0; i < held.length; i++) {
      const m = held[i].msg;
      if (!picks(m, arg)) continue;
      let below: Branch<V> | undefined = at.next.get(m);
      if (below === undefined) at.next.set(m, (below = { next: new Map() }));
      at = below;
    }
    if (at.value !== undefined) return at.value;
    const value = compute(arg);
    at.value = value;
    if (++this.size >= this.limit) {
      this.roots = new Map();
      this.size = 0;
    }
    return value;
  }
}

interface Branch<V> {
  value?: V;
  readonly next: Map<Message, Branch<V>>;
}
