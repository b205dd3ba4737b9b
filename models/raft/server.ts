import { assign, emit, setup } from 'xstate';
import { grantsVote, winsElection, withMember } from './election.ts';
import { lastLogIndex, lastLogTerm } from './log.ts';
import { followerCommitIndex, leaderCommitIndex, logWithClientEntry, mergeEntries, passesConsistencyCheck, requestFor } from './replication.ts';
import type {
  AppendEntries,
  AppendEntriesResponse,
  RaftRules,
  RequestVote,
  RequestVoteResponse,
  ServerContext,
  ServerEvent,
  ServerInput,
} from './types.ts';

/** A transition whose guard and action names are looked up in the machine's setup. */
interface Transition {
  readonly guard?: string;
  readonly target?: string;
  readonly actions: string | readonly string[];
}

/**
 * One Raft server as a statechart: follower, candidate, leader, with the rules of the Raft
 * paper's Figure 2 (or a broken variant's, see rules.ts). The statechart says which rule
 * applies when; the arithmetic is in election.ts and replication.ts.
 *
 * Each message is handled in one step. A message with a newer term makes the receiver adopt
 * the term, clear its vote and become follower, and the same step then handles the message
 * under the new term (Figure 2, "Rules for all servers"); raft.tla splits this into two steps.
 *
 * Example: `raftServerMachine(PAPER_RULES, 3)` is the machine of every server of a 3-server cluster.
 */
export function raftServerMachine(rules: RaftRules, serverCount: number) {
  const peerSlots = Array.from({ length: serverCount - 1 }, (_, i) => i);
  // The slot-th server other than this one, counted without building the list of peers.
  const peerOf = (context: ServerContext, slot: number): string => {
    let seen = 0;
    for (const id of context.servers) if (id !== context.id && seen++ === slot) return id;
    throw new Error(`server ${context.id} has no peer in slot ${slot}`);
  };

  // One named action per peer slot, so that a new candidate asks every peer in the step it starts its election.
  const requestVoteActions = Object.fromEntries(
    peerSlots.map((slot) => [
      `requestVoteOfPeer${slot + 1}`,
      emit(({ context }: { context: ServerContext }): RequestVote => ({
        type: 'RequestVote',
        from: context.id,
        to: peerOf(context, slot),
        term: context.currentTerm,
        lastLogIndex: lastLogIndex(context.log),
        lastLogTerm: lastLogTerm(context.log),
      })),
    ]),
  );
  const startElection: string[] = ['startElection', ...peerSlots.map((slot) => `requestVoteOfPeer${slot + 1}`)];

  // The transition lists that differ between the paper's rules and a variant's; first enabled wins.
  const handleEntries = ['appendEntriesIfLogMatches', 'replyToAppendEntries'];
  // A request of an older term is refused; the broken rule still takes its leaderCommit first.
  // Its action is declared only where it is used, so the paper's machine names no action it never takes.
  const commitDespiteRefusal = assign(({ context, event }: { context: ServerContext; event: ServerEvent }) => {
    const request = event as AppendEntries;
    const lastNewIndex = request.prevLogIndex + request.entries.length;
    return { commitIndex: followerCommitIndex(context.commitIndex, request.leaderCommit, lastNewIndex, context.log.length, rules.followerCommit) };
  });
  const refusalActions = Object.fromEntries(rules.followerCommitsOnRefusal ? [['commitDespiteRefusal', commitDespiteRefusal]] : []);
  const refuseEntries = rules.followerCommitsOnRefusal ? ['commitDespiteRefusal', 'replyToAppendEntries'] : ['replyToAppendEntries'];
  const onAppendEntries: Transition[] = [
    { guard: 'isOlderTerm', actions: refuseEntries },
    ...(!rules.appendEntriesFollowsLeader
      ? [{ actions: handleEntries }]
      : [
          rules.stepDownOnNewerTerm
            ? { guard: 'isNewerTerm', target: '.follower', actions: ['adoptTerm', ...handleEntries] }
            : { guard: 'isNewerTerm', actions: handleEntries },
          // Current term: a candidate learns that another server won its election (§5.2).
          { target: '.follower', actions: handleEntries },
        ]),
  ];
  const handleVote = ['recordVoteIfGranted', 'replyToRequestVote'];
  const onRequestVote: Transition[] = [
    ...(rules.stepDownOnNewerTerm && rules.voterAdoptsTerm ? [{ guard: 'isNewerTerm', target: '.follower', actions: ['adoptTerm', ...handleVote] }] : []),
    { actions: handleVote },
  ];
  // A response the receiver's role has no use for (stale, or not for its current role) is consumed.
  const onOtherResponse: Transition[] = [
    ...(rules.stepDownOnNewerTerm ? [{ guard: 'isNewerTerm', target: '.follower', actions: 'adoptTerm' }] : []),
    { actions: 'discardMessage' },
  ];

  return setup({
    types: {} as { context: ServerContext; events: ServerEvent; input: ServerInput },
    guards: {
      isOlderTerm: ({ context, event }) => (event as { term: number }).term < context.currentTerm,
      isNewerTerm: ({ context, event }) => (event as { term: number }).term > context.currentTerm,
      isGrantedVote: ({ context, event }) => {
        const reply = event as RequestVoteResponse;
        return reply.voteGranted && reply.term === context.currentTerm;
      },
      isVoteThatWinsElection: ({ context, event }) => {
        const reply = event as RequestVoteResponse;
        if (!reply.voteGranted || reply.term !== context.currentTerm) return false;
        return winsElection(withMember(context.votesGranted, reply.from).length, context.servers.length, rules.quorum);
      },
      isSuccessInCurrentTerm: ({ context, event }) => {
        const reply = event as AppendEntriesResponse;
        return reply.success && reply.term === context.currentTerm;
      },
      isFailureInCurrentTerm: ({ context, event }) => {
        const reply = event as AppendEntriesResponse;
        return !reply.success && reply.term === context.currentTerm;
      },
    },
    actions: {
      ...requestVoteActions,
      ...refusalActions,
      adoptTerm: assign(({ event }) => ({ currentTerm: (event as { term: number }).term, votedFor: null })),
      startElection: assign(({ context }) => ({ currentTerm: context.currentTerm + 1, votedFor: context.id, votesGranted: [context.id] })),
      recordVoteIfGranted: assign(({ context, event }) => {
        const request = event as RequestVote;
        return grantsVote(context, request, rules) ? { votedFor: request.from } : {};
      }),
      // Runs after recordVoteIfGranted: asking again gives the same answer (a granted vote stays granted).
      replyToRequestVote: emit(({ context, event }): RequestVoteResponse => {
        const request = event as RequestVote;
        const voteGranted = grantsVote(context, request, rules);
        // A granted vote is a vote in the request's term. Under the paper's rules that is the
        // voter's currentTerm; a variant's voter that kept an older term still grants for it.
        return { type: 'RequestVoteResponse', from: context.id, to: request.from, term: voteGranted ? request.term : context.currentTerm, voteGranted };
      }),
      countVote: assign(({ context, event }) => ({ votesGranted: withMember(context.votesGranted, (event as RequestVoteResponse).from) })),
      forgetVotes: assign({ votesGranted: [] }),
      startReplication: assign(({ context }) => {
        const nextIndex: Record<string, number> = {};
        const matchIndex: Record<string, number> = {};
        for (const id of context.servers) {
          if (id === context.id) continue;
          nextIndex[id] = context.log.length + 1;
          matchIndex[id] = 0;
        }
        return { nextIndex, matchIndex };
      }),
      forgetReplication: assign({ nextIndex: {}, matchIndex: {} }),
      appendClientValue: assign(({ context, event }) => ({
        log: logWithClientEntry(context.log, context.commitIndex, { term: context.currentTerm, value: (event as { value: string }).value }, rules.clientEntryAt),
      })),
      sendAppendEntries: emit(({ context, event }): AppendEntries => {
        const to = (event as { to: string }).to;
        const { prevLogIndex, prevLogTerm, entries } = requestFor(context.log, context.nextIndex[to]);
        return { type: 'AppendEntries', from: context.id, to, term: context.currentTerm, prevLogIndex, prevLogTerm, entries, leaderCommit: context.commitIndex };
      }),
      appendEntriesIfLogMatches: assign(({ context, event }) => {
        const request = event as AppendEntries;
        const lastNewIndex = request.prevLogIndex + request.entries.length;
        if (!passesConsistencyCheck(context.log, request.prevLogIndex, request.prevLogTerm, rules)) {
          // The paper replies false and stops here; the broken rule goes on to step 5.
          if (!rules.followerCommitsOnRefusal) return {};
          return { commitIndex: followerCommitIndex(context.commitIndex, request.leaderCommit, lastNewIndex, context.log.length, rules.followerCommit) };
        }
        const log = mergeEntries(context.log, request.prevLogIndex, request.entries);
        return { log, commitIndex: followerCommitIndex(context.commitIndex, request.leaderCommit, lastNewIndex, log.length, rules.followerCommit) };
      }),
      // Runs after appendEntriesIfLogMatches, which never changes the log at or before prevLogIndex,
      // so the consistency check asked again gives the answer the append acted on.
      replyToAppendEntries: emit(({ context, event }): AppendEntriesResponse => {
        const request = event as AppendEntries;
        const success = request.term >= context.currentTerm && passesConsistencyCheck(context.log, request.prevLogIndex, request.prevLogTerm, rules);
        return {
          type: 'AppendEntriesResponse',
          from: context.id,
          to: request.from,
          // As for votes: a success acknowledges the request's term (the paper's currentTerm by now).
          term: success ? request.term : context.currentTerm,
          success,
          matchIndex: success ? request.prevLogIndex + request.entries.length : 0,
        };
      }),
      recordReplication: assign(({ context, event }) => {
        const reply = event as AppendEntriesResponse;
        const match = rules.leaderMatch === 'own-log-length' ? context.log.length : Math.max(context.matchIndex[reply.from] ?? 0, reply.matchIndex);
        return { matchIndex: { ...context.matchIndex, [reply.from]: match }, nextIndex: { ...context.nextIndex, [reply.from]: match + 1 } };
      }),
      advanceCommitIndex: assign(({ context }) => ({ commitIndex: leaderCommitIndex(context, rules) })),
      decrementNextIndex: assign(({ context, event }) => {
        const from = (event as AppendEntriesResponse).from;
        return { nextIndex: { ...context.nextIndex, [from]: Math.max(1, context.nextIndex[from] - 1) } };
      }),
      discardMessage: assign({}),
    },
  }).createMachine({
    id: 'raftServer',
    context: ({ input }) => ({
      id: input.id,
      servers: input.servers,
      currentTerm: 0,
      votedFor: null,
      log: [],
      commitIndex: 0,
      votesGranted: [],
      nextIndex: {},
      matchIndex: {},
    }),
    initial: 'follower',
    // The lists are built from the rules above, so XState cannot check their names statically;
    // every name they use is defined in this setup.
    on: {
      RequestVote: onRequestVote as never,
      AppendEntries: onAppendEntries as never,
      RequestVoteResponse: onOtherResponse as never,
      AppendEntriesResponse: onOtherResponse as never,
    },
    states: {
      follower: {
        on: { Timeout: { target: 'candidate', actions: startElection as never } },
      },
      candidate: {
        exit: 'forgetVotes',
        on: {
          Timeout: { target: 'candidate', actions: startElection as never },
          RequestVoteResponse: [
            // No need to count the winning vote: leaving candidate forgets the votes.
            { guard: 'isVoteThatWinsElection', target: 'leader' },
            { guard: 'isGrantedVote', actions: 'countVote' },
          ],
        },
      },
      leader: {
        entry: 'startReplication',
        exit: 'forgetReplication',
        on: {
          ClientRequest: { actions: 'appendClientValue' },
          SendAppendEntries: { actions: 'sendAppendEntries' },
          AppendEntriesResponse: [
            { guard: 'isSuccessInCurrentTerm', actions: ['recordReplication', 'advanceCommitIndex'] },
            { guard: 'isFailureInCurrentTerm', actions: 'decrementNextIndex' },
          ],
        },
      },
    },
  });
}
