import type { RaftNode, RaftRole } from './core.ts';
import type { AppendEntries } from './messages.ts';

/**
 * A Raft server's state under the paper's names (Figure 2): the same shape as
 * spec/raft/view.ts's RaftServerView without `up` (a running core is always up). Kept as its
 * own type so that the implementation does not depend on the specification it is checked against.
 */
export interface RaftAbstractState {
  readonly id: string;
  readonly role: RaftRole;
  readonly currentTerm: number;
  readonly votedFor: string | null;
  /** log[0] is the entry at index 1. */
  readonly log: readonly { readonly term: number; readonly value: string }[];
  readonly commitIndex: number;
}

/**
 * The abstraction function: an implementation's state mapped to plain data, so that it can
 * be compared with a model's state or checked by the specification's properties.
 *
 * Example: a fresh `n1` gives
 * `{ id: 'n1', role: 'follower', currentTerm: 0, votedFor: null, log: [], commitIndex: 0 }`.
 */
export function raftAbstraction(node: RaftNode): RaftAbstractState {
  return {
    id: node.id,
    role: node.role,
    currentTerm: node.currentTerm,
    votedFor: node.votedFor,
    log: node.entries(),
    commitIndex: node.commitIndex,
  };
}

/** An AppendEntries request in flight under the paper's names: spec/raft/view.ts's RaftAppendEntriesView. */
export interface RaftAppendEntriesAbstract {
  readonly from: string;
  readonly to: string;
  readonly term: number;
  readonly prevLogIndex: number;
  readonly prevLogTerm: number;
  readonly entries: readonly { readonly term: number; readonly value: string }[];
  readonly leaderCommit: number;
}

/**
 * An AppendEntries message as plain data without the fields the view does not have (type, leaderId).
 *
 * Example: a heartbeat from n1 in term 1 gives
 * `{ from: 'n1', to: 'n2', term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0 }`.
 */
export function appendEntriesAbstraction(m: AppendEntries): RaftAppendEntriesAbstract {
  return {
    from: m.from,
    to: m.to,
    term: m.term,
    prevLogIndex: m.prevLogIndex,
    prevLogTerm: m.prevLogTerm,
    entries: m.entries.map((e) => ({ term: e.term, value: e.value })),
    leaderCommit: m.leaderCommit,
  };
}
