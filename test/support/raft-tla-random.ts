import fc from 'fast-check';
import type { ClusterState } from '../../src/system/cluster.ts';
import type { Message } from '../../src/system/message.ts';
import { duplicate, emptyNetwork, send } from '../../src/system/network.ts';
import type { Entry, ServerContext } from '../../models/raft/tla/types.ts';

/**
 * Arbitrary states of the raft.tla mirror, reachable or not: every role, terms 1..3, logs of
 * up to 2 entries, and a bag of up to 4 messages of every type with 1 or 2 copies. raft.tla's
 * Next is defined on all of them (as long as nextIndex[i][j] <= Len(log[i]) + 1, which its
 * AppendEntries needs to read log[i][nextIndex - 1]), so the two encodings can be compared
 * one step at a time on states that small bounded explorations never reach, such as a
 * follower whose entry conflicts with the leader's.
 *
 * Example: `fc.sample(raftTlaStates(['s1', 's2']), 1)[0].nodes.s1.context.currentTerm`.
 */
export function raftTlaStates(servers: readonly string[]): fc.Arbitrary<ClusterState> {
  const server = fc.constantFrom(...servers);
  const term = fc.integer({ min: 1, max: 3 });
  const index = fc.integer({ min: 0, max: 2 });
  const entry: fc.Arbitrary<Entry> = fc.record({ term, value: fc.constantFrom('v1', 'v2') });
  const serverSet = fc.subarray([...servers]).map((xs) => [...xs].sort());

  const node = (id: string) =>
    fc
      .record({
        role: fc.constantFrom('follower', 'candidate', 'leader'),
        currentTerm: term,
        votedFor: fc.option(server, { nil: null }),
        log: fc.array(entry, { maxLength: 2 }),
        commitIndex: index,
        votesResponded: serverSet,
        votesGranted: serverSet,
        matchIndex: fc.array(index, { minLength: servers.length, maxLength: servers.length }),
        // Scaled below into 1..Len(log) + 1.
        nextIndexSeeds: fc.array(fc.nat(), { minLength: servers.length, maxLength: servers.length }),
      })
      .map((r) => {
        const context: ServerContext = {
          id,
          currentTerm: r.currentTerm,
          votedFor: r.votedFor,
          log: r.log,
          commitIndex: r.commitIndex,
          votesResponded: r.votesResponded,
          votesGranted: r.votesGranted,
          nextIndex: Object.fromEntries(servers.map((k, n) => [k, 1 + (r.nextIndexSeeds[n] % (r.log.length + 1))])),
          matchIndex: Object.fromEntries(servers.map((k, n) => [k, r.matchIndex[n]])),
        };
        return { value: r.role, context: context as unknown as Record<string, unknown> };
      });

  // A term of 0 stands for "the recipient's current term", resolved below: the interesting
  // branches of Receive need m.mterm = currentTerm[i], rare among independent draws.
  const route = { from: server, to: server, term: fc.integer({ min: 0, max: 3 }) };
  const message: fc.Arbitrary<Message> = fc.oneof(
    fc.record({ type: fc.constant('RequestVoteRequest'), ...route, lastLogTerm: fc.integer({ min: 0, max: 3 }), lastLogIndex: index }),
    fc.record({ type: fc.constant('RequestVoteResponse'), ...route, voteGranted: fc.boolean() }),
    fc.record({
      type: fc.constant('AppendEntriesRequest'),
      ...route,
      prevLogIndex: index,
      prevLogTerm: fc.integer({ min: 0, max: 3 }),
      entries: fc.array(entry, { minLength: 0, maxLength: 1 }),
      commitIndex: index,
    }),
    fc.record({ type: fc.constant('AppendEntriesResponse'), ...route, success: fc.boolean(), matchIndex: index }),
  );

  return fc
    .record({
      nodes: fc.tuple(...servers.map(node)),
      messages: fc.array(fc.tuple(message, fc.boolean()), { maxLength: 4 }),
    })
    .map(({ nodes, messages }) => {
      let network = emptyNetwork('bag');
      const contexts = Object.fromEntries(servers.map((id, n) => [id, nodes[n].context as unknown as ServerContext]));
      for (const [drawn, twice] of messages) {
        const msg = drawn.term === 0 ? { ...drawn, term: contexts[drawn.to!].currentTerm } : drawn;
        network = send(network, [msg]);
        if (twice) network = duplicate(network, msg);
      }
      return { nodes: Object.fromEntries(servers.map((id, n) => [id, nodes[n]])), down: [], network };
    });
}
