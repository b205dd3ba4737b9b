/**
 * The messages of Multi-Paxos. One Prepare covers every slot of the log; a Promise reports the
 * acceptor's last vote in each slot it voted in; an Accept carries one or more (slot, value)
 * entries of one ballot (a new leader's re-proposals travel together), and an Accepted
 * announces the votes an acceptor cast for one Accept.
 */

/** One slot's value: a client command (`c<ballot>.<slot>`), `noop`, or null (only a broken leader sends null). */
export interface Entry {
  readonly slot: number;
  readonly val: string | null;
}

/** An acceptor's last vote in one slot. */
export interface SlotVote extends Entry {
  readonly bal: number;
}

export type PrepareMessage = { readonly type: 'Prepare'; readonly from: string; readonly bal: number };
export type PromiseMessage = { readonly type: 'Promise'; readonly from: string; readonly to: string; readonly bal: number; readonly votes: readonly SlotVote[] };
export type AcceptMessage = { readonly type: 'Accept'; readonly from: string; readonly bal: number; readonly entries: readonly Entry[] };
export type AcceptedMessage = { readonly type: 'Accepted'; readonly from: string; readonly bal: number; readonly entries: readonly Entry[] };

/** The value a new leader proposes for a slot below its highest reported slot that no promise reports. */
export const NOOP = 'noop';
