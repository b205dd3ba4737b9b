import type { ClusterModel, ClusterState } from '../system/cluster.ts';
import { Hasher } from '../system/hash.ts';
import type { Message } from '../system/message.ts';
import type { NodeState } from '../system/stepper.ts';
import { preimage } from './permutations.ts';

/**
 * The fingerprint of a state's orbit, as TLC computes it under SYMMETRY: the smallest 64-bit
 * hash over every renaming of the state by the group's permutations. Two states of one orbit
 * have the same set of renamings and so the same smallest hash; two states of different
 * orbits share it only by a hash collision (the chance is that of the unreduced fingerprint
 * times the number of permutations).
 *
 * A renaming is never built: each node's and each message's hashes under every permutation
 * are computed once per object (nodes and messages are immutable and shared between
 * states) and combined per permutation; the network, a multiset, is combined by summing its
 * messages' hashes, so renamed messages need no sorting. Fifo networks (an order per
 * channel, named by node ids) are not handled here: `hasOrbitHash` says so.
 *
 * Example: `orbitHasher(model, groupPermutations(groups), deepRename)(state, out)`.
 */
export function orbitHasher(
  model: ClusterModel,
  perms: readonly ReadonlyMap<string, string>[],
  rename: (value: unknown, mapping: ReadonlyMap<string, string>) => unknown,
): (state: ClusterState, out: Uint32Array) => void {
  const ids = model.definition.nodes.map((n) => n.id);
  const position = new Map(ids.map((id, i) => [id, i]));
  // For each permutation, the position of the node whose renamed state lands at each position.
  const sources = perms.map((mapping) => ids.map((id) => position.get(preimage(mapping, id))!));
  const P = perms.length;
  const hasher = new Hasher();
  // Its own hasher: a message met for the first time is hashed in the middle of a state's.
  const one = new Hasher();
  const nodeHashes = new WeakMap<NodeState, Uint32Array>();
  const messageHashes = new WeakMap<Message, Uint32Array>();

  /** `value`'s hash under every permutation: [lo0, hi0, lo1, hi1, ...]. */
  function underEveryRenaming(hashOne: (p: number) => void): Uint32Array {
    const out = new Uint32Array(2 * P);
    for (let p = 0; p < P; p++) {
      one.reset();
      hashOne(p);
      one.finish();
      out[2 * p] = one.lo;
      out[2 * p + 1] = one.hi;
    }
    return out;
  }
  const nodeUnder = (node: NodeState): Uint32Array => {
    let h = nodeHashes.get(node);
    if (h === undefined) {
      h = underEveryRenaming((p) => {
        one.value(node.value);
        one.value(rename(node.context, perms[p]));
      });
      nodeHashes.set(node, h);
    }
    return h;
  };
  const messageUnder = (msg: Message): Uint32Array => {
    let h = messageHashes.get(msg);
    if (h === undefined) {
      h = underEveryRenaming((p) => one.value(rename(msg, perms[p])));
      messageHashes.set(msg, h);
    }
    return h;
  };

  const nodes: Uint32Array[] = new Array(ids.length);
  return (state, out) => {
    for (let i = 0; i < ids.length; i++) nodes[i] = nodeUnder(state.nodes[ids[i]]);
    const net = state.network;
    if (net.kind === 'fifo') throw new Error('orbit hashing does not handle fifo networks');
    const inFlight: readonly { msg: Message; copies?: number }[] = net.kind === 'set' ? net.messages : net.entries;
    let bestLo = 0;
    let bestHi = 0;
    for (let p = 0; p < P; p++) {
      hasher.reset();
      const from = sources[p];
      for (let i = 0; i < ids.length; i++) {
        hasher.word(nodes[from[i]][2 * p]);
        hasher.word(nodes[from[i]][2 * p + 1]);
      }
      hasher.word(state.down.length);
      if (state.down.length > 0) for (const id of state.down.map((d) => perms[p].get(d) ?? d).sort()) hasher.string(id);
      let lo = 0;
      let hi = 0;
      for (const m of inFlight) {
        const h = messageUnder(m.msg);
        const copies = m.copies ?? 1;
        lo = (lo + Math.imul(h[2 * p], copies)) | 0;
        hi = (hi + Math.imul(h[2 * p + 1], copies)) | 0;
      }
      hasher.word(inFlight.length);
      hasher.word(lo);
      hasher.word(hi);
      hasher.finish();
      if (p === 0 || hasher.hi < bestHi || (hasher.hi === bestHi && hasher.lo < bestLo)) {
        bestLo = hasher.lo;
        bestHi = hasher.hi;
      }
    }
    out[0] = bestLo;
    out[1] = bestHi;
  };
}
