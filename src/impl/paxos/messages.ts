/**
 * The messages of "Paxos Made Simple" (Lamport 2001, section 2.2), under the names of
 * Lamport's Paxos.tla: 1a Prepare, 1b Promise, 2a Accept, 2b Accepted. A Nack is the
 * optimisation the paper suggests ("the acceptor should inform the proposer") so that a
 * proposer can give up on a ballot early. Ballots are natural numbers; -1 means "none".
 */

export interface Prepare {
  readonly type: 'Prepare';
  readonly from: string;
  readonly to: string;
  readonly bal: number;
}

/** 1b: a promise not to accept below `bal`, with the acceptor's last vote (mbal -1, mval null if none). */
export interface PromiseMessage {
  readonly type: 'Promise';
  readonly from: string;
  readonly to: string;
  readonly bal: number;
  readonly mbal: number;
  readonly mval: string | null;
}

export interface Accept {
  readonly type: 'Accept';
  readonly from: string;
  readonly to: string;
  readonly bal: number;
  readonly val: string;
}

/** 2b: an acceptor voted for `val` in ballot `bal`; sent to the learners and to the proposer. */
export interface Accepted {
  readonly type: 'Accepted';
  readonly from: string;
  readonly to: string;
  readonly bal: number;
  readonly val: string;
}

/** An acceptor refused ballot `bal` because it promised `promised` > bal (or >= bal for a Prepare). */
export interface Nack {
  readonly type: 'Nack';
  readonly from: string;
  readonly to: string;
  readonly bal: number;
  readonly promised: number;
}

export type PaxosMessage = Prepare | PromiseMessage | Accept | Accepted | Nack;

/**
 * One line per message, for transcripts.
 *
 * Example: `describePaxosMessage(m)` gives `a1->p1 Promise bal=0 mbal=-1 mval=null`.
 */
export function describePaxosMessage(m: PaxosMessage): string {
  const head = `${m.from}->${m.to} ${m.type} bal=${m.bal}`;
  switch (m.type) {
    case 'Prepare':
      return head;
    case 'Promise':
      return `${head} mbal=${m.mbal} mval=${m.mval}`;
    case 'Accept':
    case 'Accepted':
      return `${head} val=${m.val}`;
    case 'Nack':
      return `${head} promised=${m.promised}`;
  }
}
