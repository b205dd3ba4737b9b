import { assign, emit, setup } from 'xstate';
import { retainMessage } from '../../../src/system/actions.ts';
import {
  advancedCommitIndex,
  appendEntriesFor,
  entriesAlreadyPresent,
  entryConflicts,
  entryIsNext,
  grantsVote,
  isQuorum,
  lastTerm,
  leaderIndexes,
  previousEntryMatches,
  withMember,
} from './logic.ts';
import type {
  AppendEntriesRequest,
  AppendEntriesResponse,
  RequestVoteRequest,
  RequestVoteResponse,
  ServerContext,
  ServerEvent,
  ServerInput,
} from './types.ts';

/**
 * One server of Ongaro's raft.tla as a statechart: the states are raft.tla's `state[i]`
 * (Follower, Candidate, Leader), the context is the server's other variables. Each action
 * of raft.tla's Next that belongs to server i is one event:
 *
 * - local: Timeout, RequestVote(peer), BecomeLeader, ClientRequest(value),
 *   AdvanceCommitIndex, AppendEntries(peer);
 * - Receive(m) with m.mdest = i: the message itself, whose disjuncts (UpdateTerm,
 *   HandleRequestVoteRequest, DropStaleResponse, ...) are guarded transitions. Every guard
 *   states its disjunct's whole enabling condition (a condition on state[i] is the state the
 *   transition sits in), so the guards of one event are mutually exclusive, as the
 *   disjuncts are in raft.tla, and their order does not matter.
 *
 * An action instance with no enabled transition has no successor, as in TLA+. Restart(i),
 * DuplicateMessage(m) and DropMessage(m) are the cluster's restart, duplicate and drop faults.
 *
 * Example: `raftTlaServerMachine(['s1', 's2'])`, with input `{ id: 's1', servers: ['s1', 's2'] }`.
 */
export function raftTlaServerMachine(servers: readonly string[]) {
  type Args = { context: ServerContext; event: ServerEvent };
  const rvRequest = (e: ServerEvent) => e as RequestVoteRequest;
  const rvResponse = (e: ServerEvent) => e as RequestVoteResponse;
  const aeRequest = (e: ServerEvent) => e as AppendEntriesRequest;
  const aeResponse = (e: ServerEvent) => e as AppendEntriesResponse;
  const termOf = (e: ServerEvent) => (e as { term: number }).term;
  const peerOf = (e: ServerEvent) => (e as { peer: string }).peer;
  const senderOf = (e: ServerEvent) => (e as { from: string }).from;

  return setup({
    types: {} as { context: ServerContext; events: ServerEvent; input: ServerInput },
    guards: {
      // Receive(m), any message type.
      messageTermIsNewer: ({ context, event }: Args) => termOf(event) > context.currentTerm,
      messageTermIsStale: ({ context, event }: Args) => termOf(event) < context.currentTerm,
      messageTermIsCurrent: ({ context, event }: Args) => termOf(event) === context.currentTerm,
      // HandleRequestVoteRequest: m.mterm <= currentTerm[i], then grant or not.
      voteIsGranted: ({ context, event }: Args) => rvRequest(event).term <= context.currentTerm && grantsVote(context, rvRequest(event)),
      voteIsRefused: ({ context, event }: Args) => rvRequest(event).term <= context.currentTerm && !grantsVote(context, rvRequest(event)),
      // HandleRequestVoteResponse: m.mterm = currentTerm[i], granted or not.
      grantedInCurrentTerm: ({ context, event }: Args) => rvResponse(event).term === context.currentTerm && rvResponse(event).voteGranted,
      refusedInCurrentTerm: ({ context, event }: Args) => rvResponse(event).term === context.currentTerm && !rvResponse(event).voteGranted,
      // HandleAppendEntriesRequest as a Follower with m.mterm = currentTerm[i].
      previousEntryMismatches: ({ context, event }: Args) =>
        aeRequest(event).term === context.currentTerm && !previousEntryMatches(context, aeRequest(event)),
      entriesAlreadyPresent: ({ context, event }: Args) =>
        aeRequest(event).term === context.currentTerm && previousEntryMatches(context, aeRequest(event)) && entriesAlreadyPresent(context, aeRequest(event)),
      entryConflicts: ({ context, event }: Args) =>
        aeRequest(event).term === context.currentTerm && previousEntryMatches(context, aeRequest(event)) && entryConflicts(context, aeRequest(event)),
      entryIsNext: ({ context, event }: Args) =>
        aeRequest(event).term === context.currentTerm && previousEntryMatches(context, aeRequest(event)) && entryIsNext(context, aeRequest(event)),
      // HandleAppendEntriesResponse: m.mterm = currentTerm[i], successful or not.
      succeededInCurrentTerm: ({ context, event }: Args) => aeResponse(event).term === context.currentTerm && aeResponse(event).success,
      failedInCurrentTerm: ({ context, event }: Args) => aeResponse(event).term === context.currentTerm && !aeResponse(event).success,
      // Local actions.
      peerHasNotResponded: ({ context, event }: Args) => !context.votesResponded.includes(peerOf(event)),
      votesFormQuorum: ({ context }: Args) => isQuorum(context.votesGranted, servers.length),
      peerIsAnotherServer: ({ context, event }: Args) => peerOf(event) !== context.id,
    },
    actions: {
      // UpdateTerm: the state becomes Follower by the transition's target.
      adoptMessageTerm: assign(({ event }: Args) => ({ currentTerm: termOf(event), votedFor: null })),
      // Keeps the message in the bag so that it is received again in the new term.
      // (The shared action is typed for any context; `never` lets this machine's setup accept it.)
      keepMessage: retainMessage as never,
      // The engine takes the message out of the bag (Discard). A transition that changes
      // nothing on the node reads as "not enabled" to the stepper, so this leaves the
      // context as it is but marks the step as taken.
      consumeMessage: assign(({ context }: Args) => context),
      startElection: assign(({ context }: Args) => ({
        currentTerm: context.currentTerm + 1,
        votedFor: null,
        votesResponded: [],
        votesGranted: [],
      })),
      sendRequestVote: emit(({ context, event }: Args) => ({
        type: 'RequestVoteRequest',
        from: context.id,
        to: peerOf(event),
        term: context.currentTerm,
        lastLogTerm: lastTerm(context.log),
        lastLogIndex: context.log.length,
      })),
      initializeLeaderIndexes: assign(({ context }: Args) => leaderIndexes(context, servers)),
      appendClientValue: assign(({ context, event }: Args) => ({
        log: [...context.log, { term: context.currentTerm, value: (event as { value: string }).value }],
      })),
      advanceCommitIndex: assign(({ context }: Args) => ({ commitIndex: advancedCommitIndex(context, servers) })),
      sendAppendEntries: emit(({ context, event }: Args) => appendEntriesFor(context, peerOf(event))),
      voteForCandidate: assign(({ event }: Args) => ({ votedFor: rvRequest(event).from })),
      replyVoteGranted: emit(({ context, event }: Args) => voteReply(context, event, true)),
      replyVoteRefused: emit(({ context, event }: Args) => voteReply(context, event, false)),
      recordGrantedVote: assign(({ context, event }: Args) => ({
        votesResponded: withMember(context.votesResponded, senderOf(event)),
        votesGranted: withMember(context.votesGranted, senderOf(event)),
      })),
      recordRefusedVote: assign(({ context, event }: Args) => ({
        votesResponded: withMember(context.votesResponded, senderOf(event)),
      })),
      rejectAppendEntries: emit(({ context, event }: Args) => appendReply(context, event, false, 0)),
      adoptLeaderCommitIndex: assign(({ event }: Args) => ({ commitIndex: aeRequest(event).commitIndex })),
      acknowledgeAppendEntries: emit(({ context, event }: Args) =>
        appendReply(context, event, true, aeRequest(event).prevLogIndex + aeRequest(event).entries.length),
      ),
      // raft.tla removes the LAST entry of the log, one per step, until the logs agree.
      removeLastEntry: assign(({ context }: Args) => ({ log: context.log.slice(0, context.log.length - 1) })),
      appendLeaderEntry: assign(({ context, event }: Args) => ({ log: [...context.log, aeRequest(event).entries[0]] })),
      recordFollowerMatch: assign(({ context, event }: Args) => ({
        nextIndex: { ...context.nextIndex, [senderOf(event)]: aeResponse(event).matchIndex + 1 },
        matchIndex: { ...context.matchIndex, [senderOf(event)]: aeResponse(event).matchIndex },
      })),
      decrementNextIndex: assign(({ context, event }: Args) => ({
        nextIndex: { ...context.nextIndex, [senderOf(event)]: Math.max(context.nextIndex[senderOf(event)] - 1, 1) },
      })),
    },
  }).createMachine({
    id: 'raftTlaServer',
    context: ({ input }) => initialContext(input),
    initial: 'follower',
    // Receive(m) disjuncts that do not read state[i]; the states below add those that do.
    on: {
      RequestVoteRequest: [
        { guard: 'messageTermIsNewer', target: '.follower', actions: ['adoptMessageTerm', 'keepMessage'] },
        { guard: 'voteIsGranted', actions: ['voteForCandidate', 'replyVoteGranted'] },
        { guard: 'voteIsRefused', actions: 'replyVoteRefused' },
      ],
      RequestVoteResponse: [
        { guard: 'messageTermIsNewer', target: '.follower', actions: ['adoptMessageTerm', 'keepMessage'] },
        { guard: 'messageTermIsStale', actions: 'consumeMessage' },
        // Tallied in any state: raft.tla notes the tally is only read by a candidate.
        { guard: 'grantedInCurrentTerm', actions: 'recordGrantedVote' },
        { guard: 'refusedInCurrentTerm', actions: 'recordRefusedVote' },
      ],
      AppendEntriesRequest: [
        { guard: 'messageTermIsNewer', target: '.follower', actions: ['adoptMessageTerm', 'keepMessage'] },
        { guard: 'messageTermIsStale', actions: 'rejectAppendEntries' },
      ],
      AppendEntriesResponse: [
        { guard: 'messageTermIsNewer', target: '.follower', actions: ['adoptMessageTerm', 'keepMessage'] },
        { guard: 'messageTermIsStale', actions: 'consumeMessage' },
        { guard: 'succeededInCurrentTerm', actions: 'recordFollowerMatch' },
        { guard: 'failedInCurrentTerm', actions: 'decrementNextIndex' },
      ],
    },
    states: {
      follower: {
        on: {
          Timeout: { target: 'candidate', actions: 'startElection' },
          AppendEntriesRequest: [
            { guard: 'previousEntryMismatches', actions: 'rejectAppendEntries' },
            { guard: 'entriesAlreadyPresent', actions: ['adoptLeaderCommitIndex', 'acknowledgeAppendEntries'] },
            { guard: 'entryConflicts', actions: ['removeLastEntry', 'keepMessage'] },
            { guard: 'entryIsNext', actions: ['appendLeaderEntry', 'keepMessage'] },
          ],
        },
      },
      candidate: {
        on: {
          Timeout: { target: 'candidate', actions: 'startElection' },
          RequestVote: { guard: 'peerHasNotResponded', actions: 'sendRequestVote' },
          BecomeLeader: { guard: 'votesFormQuorum', target: 'leader', actions: 'initializeLeaderIndexes' },
          // Return to follower state; the message stays and is received again as a follower.
          AppendEntriesRequest: { guard: 'messageTermIsCurrent', target: 'follower', actions: 'keepMessage' },
        },
      },
      // A leader receiving an AppendEntries request of its own term has no enabled disjunct.
      leader: {
        on: {
          ClientRequest: { actions: 'appendClientValue' },
          AdvanceCommitIndex: { actions: 'advanceCommitIndex' },
          AppendEntries: { guard: 'peerIsAnotherServer', actions: 'sendAppendEntries' },
        },
      },
    },
  });
}

/** raft.tla's Init for one server: term 1, no vote, empty log, nextIndex 1, matchIndex 0. */
export function initialContext(input: ServerInput): ServerContext {
  const nextIndex: Record<string, number> = {};
  const matchIndex: Record<string, number> = {};
  for (const k of input.servers) {
    nextIndex[k] = 1;
    matchIndex[k] = 0;
  }
  return { id: input.id, currentTerm: 1, votedFor: null, log: [], commitIndex: 0, votesResponded: [], votesGranted: [], nextIndex, matchIndex };
}

function voteReply(ctx: ServerContext, request: ServerEvent, voteGranted: boolean): RequestVoteResponse {
  return { type: 'RequestVoteResponse', from: ctx.id, to: (request as { from: string }).from, term: ctx.currentTerm, voteGranted };
}

function appendReply(ctx: ServerContext, request: ServerEvent, success: boolean, matchIndex: number): AppendEntriesResponse {
  return { type: 'AppendEntriesResponse', from: ctx.id, to: (request as { from: string }).from, term: ctx.currentTerm, success, matchIndex };
}
