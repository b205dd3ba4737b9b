import { UsageError } from '../model/errors.ts';
import type { ClusterModel, ClusterState } from '../system/cluster.ts';
import { canonical } from '../system/canonical.ts';
import type { Message } from '../system/message.ts';
import { mapMessages } from '../system/network.ts';
import type { NodeState } from '../system/stepper.ts';
import { groupPermutations, orbitBound, preimage } from './permutations.ts';
import { orbitHasher } from './orbit-hash.ts';
import { deepRename } from './rename.ts';

/** Above this many permutations per state the exact minimum costs too much to be useful. */
export const MAX_PERMUTATIONS = 720;

/**
 * The state with node ids renamed by `mapping`: node `n`'s statechart state and renamed
 * context move to `mapping(n)`; messages and crashed nodes are renamed too.
 *
 * Example: `permuteState(s, new Map([['a1', 'a2'], ['a2', 'a1']]), deepRename)`.
 */
export function permuteState(state: ClusterState, mapping: ReadonlyMap<string, string>, rename: (value: unknown, mapping: ReadonlyMap<string, string>) => unknown): ClusterState {
  const nodes: Record<string, NodeState> = {};
  // Declaration order is kept (the encoding walks the declared ids, not this record's order).
  for (const id of Object.keys(state.nodes)) {
    const from = preimage(mapping, id);
    const node = state.nodes[from];
    nodes[id] = { value: node.value, context: rename(node.context, mapping) as NodeState['context'] };
  }
  const down = state.down.length === 0 ? state.down : state.down.map((id) => mapping.get(id) ?? id).sort();
  const network = mapMessages(state.network, (m) => rename(m, mapping) as Message);
  return { nodes, down, network };
}

/**
 * The same model with symmetry reduction: the fingerprint of a state is the smallest
 * encoding over every permutation of the declared groups, so all states of one orbit share
 * one fingerprint and the checker explores one of them. The minimum over the whole group is
 * an exact canonical form (two states get the same encoding exactly when one is a renaming
 * of the other). The checker still stores and expands actual states, and a trace is rebuilt
 * by re-executing recorded actions from the actual initial state, so every trace is a real
 * behaviour of the unreduced model. Invariants must be symmetric (they are, when they
 * quantify over all nodes).
 *
 * Throws UsageError when the model declares no symmetry, and Error when a declared group
 * mixes roles or its nodes' inputs are not renamings of one another.
 *
 * Example: `bfs(withSymmetry(protocol.build(params, 'default')))`.
 */
export function withSymmetry(model: ClusterModel): ClusterModel {
  const symmetry = model.definition.symmetry;
  if (!symmetry) throw new UsageError(`${model.protocol} (variant ${model.variant}) declares no symmetric nodes; run it without --symmetry`);
  const groups = symmetry.groups.filter((g) => g.length > 1);
  if (orbitBound(groups) > MAX_PERMUTATIONS) throw new UsageError(`symmetry over ${orbitBound(groups)} permutations per state is too costly (at most ${MAX_PERMUTATIONS})`);
  const rename = symmetry.rename ?? deepRename;
  const all = groupPermutations(groups);
  const perms = all.slice(1);
  checkGroups(model, groups, perms, rename);
  const base = model.fingerprint;
  const encode = permutedEncoder(model, perms, rename);
  return {
    ...model,
    // The checker stores the smallest hash over the orbit (orbit-hash.ts), as TLC does; a fifo
    // network, whose channels are named by node ids, takes the smallest encoding below instead.
    hashInto: model.definition.network === 'fifo' ? undefined : orbitHasher(model, all, rename),
    fingerprint(state) {
      let best = base(state);
      for (let p = 0; p < perms.length; p++) {
        const enc = encode(state, p);
        if (enc < best) best = enc;
      }
      return best;
    },
  };
}

/**
 * `model.fingerprint(permuteState(state, perms[p]))`, computed without building the permuted
 * state: a node's renamed context and a message's renamed key are computed once per
 * permutation and cached on the (immutable) object, so a successor that shares most nodes
 * and messages with its parent re-encodes only what changed. A fifo network takes the plain
 * path. test/symmetry.test.ts checks both give the same string.
 */
export function permutedEncoder(model: ClusterModel, perms: readonly ReadonlyMap<string, string>[], rename: (value: unknown, mapping: ReadonlyMap<string, string>) => unknown): (state: ClusterState, p: number) => string {
  const ids = model.definition.nodes.map((n) => n.id);
  // For each permutation, the node whose state lands at each position.
  const sources = perms.map((mapping) => ids.map((id) => preimage(mapping, id)));
  const nodeCache = new WeakMap<NodeState, string[]>();
  const messageCache = new WeakMap<Message, string[]>();
  const nodeEnc = (node: NodeState, p: number): string => {
    let row = nodeCache.get(node);
    if (!row) nodeCache.set(node, (row = []));
    return (row[p] ??= canonical(node.value) + ':' + canonical(rename(node.context, perms[p])));
  };
  const messageEnc = (msg: Message, p: number): string => {
    let row = messageCache.get(msg);
    if (!row) messageCache.set(msg, (row = []));
    return (row[p] ??= canonical(rename(msg, perms[p])));
  };
  return (state, p) => {
    const net = state.network;
    if (net.kind === 'fifo') return model.fingerprint(permuteState(state, perms[p], rename));
    let out = '';
    for (const from of sources[p]) out += nodeEnc(state.nodes[from], p) + '|';
    if (state.down.length > 0) out += 'down:' + state.down.map((id) => perms[p].get(id) ?? id).sort().join(',') + '|';
    // The network's encoding as encodeNetwork writes it, over the renamed keys (renaming is a
    // bijection, so no two messages merge).
    if (net.kind === 'set') return out + '{' + net.messages.map((m) => messageEnc(m.msg, p)).sort().join(',') + '}';
    const entries = net.entries.map((e) => ({ key: messageEnc(e.msg, p), copies: e.copies }));
    entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return out + '[' + entries.map((e) => `${e.copies}*${e.key}`).join(',') + ']';
  };
}

/** A declared group must be one role, and renaming a node's input must give the input of its image. */
function checkGroups(model: ClusterModel, groups: readonly (readonly string[])[], perms: readonly ReadonlyMap<string, string>[], rename: (value: unknown, mapping: ReadonlyMap<string, string>) => unknown): void {
  const inputs = new Map(model.definition.nodes.map((n) => [n.id, n]));
  const seen = new Set<string>();
  for (const group of groups) {
    for (const id of group) {
      if (!inputs.has(id)) throw new Error(`symmetry names unknown node ${id}`);
      if (seen.has(id)) throw new Error(`symmetry names node ${id} in two groups`);
      seen.add(id);
      if (inputs.get(id)!.role !== inputs.get(group[0])!.role) throw new Error(`symmetry group ${group.join(',')} mixes roles`);
    }
  }
  for (const mapping of perms) {
    for (const [from, to] of mapping) {
      const renamed = canonical(rename(inputs.get(from)!.input, mapping));
      if (renamed !== canonical(inputs.get(to)!.input)) throw new Error(`symmetry: node ${from}'s input renamed is not node ${to}'s input, so they are not interchangeable`);
    }
  }
}
