/**
 * The messages of Flexible Paxos: those of Basic Paxos ("Paxos Made Simple", section 2.2).
 * Only which sets of replies a proposer waits for changes. Prepare, Accept and Accepted carry
 * no `to`: every acceptor may receive the first two, and the properties read the third.
 */
export type PrepareMessage = { readonly type: 'Prepare'; readonly from: string; readonly bal: number };

/** The promise not to accept ballots below `bal`, with the acceptor's last vote (-1, null if none). */
export type PromiseMessage = {
  readonly type: 'Promise';
  readonly from: string;
  readonly to: string;
  readonly bal: number;
  readonly mbal: number;
  readonly mval: string | null;
};

export type AcceptMessage = { readonly type: 'Accept'; readonly from: string; readonly bal: number; readonly val: string | null };

/** An acceptor's vote: it accepted `val` in ballot `bal`. */
export type AcceptedMessage = { readonly type: 'Accepted'; readonly from: string; readonly bal: number; readonly val: string | null };
