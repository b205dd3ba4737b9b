import { assign, emit, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { stateFingerprint } from '../src/checker/fingerprint.ts';
import { bfs } from '../src/checker/bfs.ts';
import { replayActions } from '../src/checker/graph.ts';
import { clusterModel, type ClusterModel, type ClusterState } from '../src/system/cluster.ts';
import { contextOf } from '../src/system/view.ts';
import { groupPermutations, permutationsOf } from '../src/symmetry/permutations.ts';
import { deepRename } from '../src/symmetry/rename.ts';
import { permutedEncoder, permuteState, withSymmetry } from '../src/symmetry/symmetric.ts';
import { loadProtocol } from '../src/registry.ts';
import { resolveParams, variantOf } from '../src/model/protocol.ts';

/**
 * Symmetry reduction is exact: the reduced search finds one state per orbit of the unreduced
 * space, counted by hand on a toy model and by mapping every unreduced state to its
 * representative on the real models; and a trace found under symmetry is a real trace.
 */

/** Clients c1..cN each send one `req` to server `srv`, which keeps the set served and the last one. */
function requestModel(clients: number, opts: { maxServed?: number; asymmetricInput?: boolean } = {}): ClusterModel {
  const client = setup({
    types: {} as { context: { self: string; sent: boolean }; input: { self: string }; events: { type: 'send' } },
    guards: { notSent: ({ context }) => !context.sent },
    actions: {
      sendRequest: emit(({ context }) => ({ type: 'req', from: context.self, to: 'srv' })),
      markSent: assign({ sent: true }),
    },
  }).createMachine({ id: 'client', context: ({ input }) => ({ self: input.self, sent: false }), initial: 'idle', states: { idle: { on: { send: { guard: 'notSent', actions: ['sendRequest', 'markSent'] } } } } });
  const server = setup({
    types: {} as { context: { served: string[]; last: string | null }; events: { type: 'req'; from: string } },
    actions: { serve: assign(({ context, event }) => ({ served: [...context.served, event.from].sort(), last: event.from })) },
  }).createMachine({ id: 'server', context: { served: [], last: null }, initial: 'up', states: { up: { on: { req: { actions: 'serve' } } } } });
  const ids = Array.from({ length: clients }, (_, i) => `c${i + 1}`);
  const servedOf = (s: ClusterState) => contextOf<{ served: string[] }>(s, 'srv').served.length;
  return clusterModel({
    protocol: 'requests',
    variant: 'default',
    params: { clients },
    roles: [
      { name: 'client', machine: client, receives: [], localEvents: () => [{ type: 'send' }] },
      { name: 'server', machine: server, receives: ['req'] },
    ],
    nodes: [...ids.map((id, i) => ({ id, role: 'client', input: opts.asymmetricInput ? { self: id, rank: i } : { self: id } })), { id: 'srv', role: 'server', input: undefined }],
    network: 'bag',
    invariants: opts.maxServed === undefined ? [] : [{ name: 'FewServed', source: 'test', holds: (s) => servedOf(s) <= opts.maxServed! }],
    witnesses: [],
    symmetry: { groups: [ids] },
  });
}

/** Every reachable state of the unreduced model, by its own (unreduced) encoding: a plain BFS kept apart from the checker. */
function reachable(model: ClusterModel): ClusterState[] {
  const seen = new Map<string, ClusterState>();
  const queue = model.initialStates();
  for (const s of queue) seen.set(model.fingerprint(s), s);
  for (let i = 0; i < queue.length; i++) {
    for (const a of model.actions(queue[i])) {
      const next = model.nextState(queue[i], a);
      if (next === undefined || !model.withinBounds(next)) continue;
      const key = model.fingerprint(next);
      if (!seen.has(key)) {
        seen.set(key, next);
        queue.push(next);
      }
    }
  }
  return [...seen.values()];
}

describe('permutations and renaming', () => {
  it('lists n! orderings, identity first, and the product over groups', () => {
    expect(permutationsOf(['a', 'b', 'c'])).toHaveLength(6);
    expect(permutationsOf(['a', 'b', 'c'])[0]).toEqual(['a', 'b', 'c']);
    const perms = groupPermutations([['a', 'b', 'c'], ['x', 'y']]);
    expect(perms).toHaveLength(12);
    expect([...perms[0]].every(([from, to]) => from === to)).toBe(true);
    expect(new Set(perms.map((m) => JSON.stringify([...m].sort()))).size).toBe(12);
  });

  it('renames values and keys, and re-sorts sets of ids but not other arrays', () => {
    const swap = new Map([['s1', 's3'], ['s2', 's2'], ['s3', 's1']]);
    expect(deepRename({ votedFor: 's1', votes: ['s1', 's2'], next: { s1: 4, s3: 1 }, log: [{ term: 1, value: 's1x' }] }, swap)).toEqual({
      votedFor: 's3',
      votes: ['s2', 's3'],
      next: { s3: 4, s1: 1 },
      log: [{ term: 1, value: 's1x' }],
    });
    expect(deepRename(['s1', 'v1'], swap)).toEqual(['s3', 'v1']);
  });
});

describe('symmetry reduction on a hand-counted model', () => {
  // A client is in one of three phases (not sent, in flight, served); `last` is one of the served.
  // Unreduced, 3 clients: sum over k served of C(3,k) 2^(3-k) max(1,k) = 8 + 12 + 12 + 3 = 35.
  // Reduced: an orbit is a multiset of 3 phases (which served client is last does not matter
  // up to renaming): C(5,3) = 10. Two clients: 10 states (9 phase pairs, (served, served) twice), 6 orbits.
  it.each([
    [2, 10, 6],
    [3, 35, 10],
  ])('%i clients: %i states unreduced, %i orbits reduced', (clients, unreduced, reduced) => {
    const model = requestModel(clients);
    expect(bfs(model).distinctStates).toBe(unreduced);
    const result = bfs(withSymmetry(model));
    expect(result.result).toBe('ok');
    expect(result.distinctStates).toBe(reduced);
    // Every unreduced state mapped to its representative gives exactly the reduced count.
    const sym = withSymmetry(model);
    const states = reachable(model);
    expect(states).toHaveLength(unreduced);
    expect(new Set(states.map((s) => sym.fingerprint(s))).size).toBe(reduced);
  });

  it('gives every renaming of a state the same fingerprint, and distinct orbits distinct ones', () => {
    const model = requestModel(3);
    const sym = withSymmetry(model);
    const orbits = new Map<string, bigint>();
    for (const s of reachable(model)) {
      for (const mapping of groupPermutations([['c1', 'c2', 'c3']])) {
        const renamed = permuteState(s, mapping, deepRename);
        expect(sym.fingerprint(renamed)).toBe(sym.fingerprint(s));
        // The checker's 64-bit orbit hash (the smallest over the renamings) agrees.
        expect(stateFingerprint(sym, renamed)).toBe(stateFingerprint(sym, s));
      }
      orbits.set(sym.fingerprint(s), stateFingerprint(sym, s));
    }
    expect(new Set(orbits.values()).size).toBe(orbits.size);
  });

  it('finds a violation at the same depth, with a trace that re-executes on the unreduced model', () => {
    const model = requestModel(3, { maxServed: 1 });
    const plain = bfs(model);
    const reduced = bfs(withSymmetry(model));
    expect(reduced.result).toBe('violation');
    // Two sends and two deliveries: depth 4, by hand.
    expect(reduced.violation!.depth).toBe(4);
    expect(plain.violation!.depth).toBe(4);
    const trace = reduced.violation!.trace;
    const replayed = replayActions(model, model.initialStates()[0], trace.actions);
    expect(replayed.states.map((s) => model.fingerprint(s))).toEqual(trace.states.map((s) => model.fingerprint(s)));
    expect(contextOf<{ served: string[] }>(trace.states[4], 'srv').served).toHaveLength(2);
  });

  it('refuses a group whose nodes are not interchangeable, and a model that declares none', () => {
    expect(() => withSymmetry(requestModel(2, { asymmetricInput: true }))).toThrow(/not interchangeable/);
    const { symmetry: _, ...rest } = requestModel(2).definition;
    expect(() => withSymmetry(clusterModel(rest))).toThrow(/declares no symmetric nodes/);
  });
});

describe('symmetry reduction on the real models', () => {
  const configs: [string, string, Record<string, string>][] = [
    ['paxos', 'tla', { acceptors: '3', values: '1', maxBallot: '1' }],
    ['paxos', 'default', { acceptors: '3', maxBallot: '0', learners: '2' }],
    // The defaults: two ballots, so proposers hold promises from several acceptors.
    ['paxos', 'default', {}],
    ['raft', 'tla', { servers: '2', values: '1', maxTerm: '2', maxLogLength: '1', maxCopies: '1', maxInFlight: '1' }],
    ['raft', 'default', { drop: 'false', duplicate: 'false' }],
  ];
  it.each(configs)('%s %s: every reachable state mapped to its representative gives the reduced count', async (name, variant, given) => {
    const def = await loadProtocol(name);
    const model = def.build(resolveParams(def, variantOf(def, variant), given), variant);
    if (!model.definition.symmetry) return expect.fail(`${name} ${variant} declares no symmetry`);
    const sym = withSymmetry(model);
    const states = reachable(model);
    const reduced = bfs(sym);
    expect(reduced.result).not.toBe('incomplete');
    // What makes the reduction sound: every renaming of a reachable state is itself a
    // reachable state, in the very form the model builds it.
    const rename = model.definition.symmetry.rename ?? deepRename;
    const reachableKeys = new Set(states.map((s) => model.fingerprint(s)));
    const renamings = groupPermutations(model.definition.symmetry.groups);
    const unreachable = states.filter((s) => renamings.some((p) => !reachableKeys.has(model.fingerprint(permuteState(s, p, rename)))));
    expect(unreachable.length).toBe(0);
    expect(bfs(model).distinctStates).toBe(states.length);
    expect(new Set(states.map((s) => sym.fingerprint(s))).size).toBe(reduced.distinctStates);
    expect(reduced.distinctStates).toBeLessThan(states.length);
    // The cached encoder writes exactly what encoding a built permuted state writes.
    const perms = groupPermutations(model.definition.symmetry.groups);
    const encode = permutedEncoder(model, perms, rename);
    for (const s of states.slice(0, 300)) for (let p = 0; p < perms.length; p++) expect(encode(s, p)).toBe(model.fingerprint(permuteState(s, perms[p], rename)));
  });
});
