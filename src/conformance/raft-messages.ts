import type { RaftMessage } from '../impl/raft/messages.ts';
import type { Message } from '../system/message.ts';

/**
 * The Raft core's messages as the statechart model writes them. The names of the two results
 * differ (RequestVoteResult / RequestVoteResponse), and the core carries fields the model
 * does not have (candidateId and leaderId, which equal `from`; a rejection's prevLogIndex);
 * the shared fields are compared.
 *
 * Example: a core's `{type: 'RequestVoteResult', from: 's2', to: 's1', term: 1, voteGranted: true}`
 * is the model's `{type: 'RequestVoteResponse', from: 's2', to: 's1', term: 1, voteGranted: true}`.
 */
export function raftModelShape(m: RaftMessage): Message {
  switch (m.type) {
    case 'RequestVote':
      return { type: 'RequestVote', from: m.from, to: m.to, term: m.term, lastLogIndex: m.lastLogIndex, lastLogTerm: m.lastLogTerm };
    case 'RequestVoteResult':
      return { type: 'RequestVoteResponse', from: m.from, to: m.to, term: m.term, voteGranted: m.voteGranted };
    case 'AppendEntries':
      return {
        type: 'AppendEntries',
        from: m.from,
        to: m.to,
        term: m.term,
        prevLogIndex: m.prevLogIndex,
        prevLogTerm: m.prevLogTerm,
        entries: m.entries.map((e) => ({ term: e.term, value: e.value })),
        leaderCommit: m.leaderCommit,
      };
    case 'AppendEntriesResult':
      return { type: 'AppendEntriesResponse', from: m.from, to: m.to, term: m.term, success: m.success, matchIndex: m.matchIndex };
  }
}
