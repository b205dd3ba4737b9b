/**
 * The messages of the default model, as in "Paxos Made Simple", section 2.2. Prepare and Accept
 * carry no `to`: every acceptor can receive them (the network is a set, so each acceptor
 * may or may not ever get one). Accepted carries no `to` either: learners read them.
 */
export type PrepareMessage = {
  readonly type: 'Prepare';
  readonly from: string;
  readonly bal: number;
};

/** The promise not to accept ballots below `bal`, with the acceptor's last vote (-1, null if none). */
export type PromiseMessage = {
  readonly type: 'Promise';
  readonly from: string;
  readonly to: string;
  readonly bal: number;
  readonly mbal: number;
  readonly mval: string | null;
};

export type AcceptMessage = {
  readonly type: 'Accept';
  readonly from: string;
  readonly bal: number;
  readonly val: string | null;
};

export type AcceptedMessage = {
  readonly type: 'Accepted';
  readonly from: string;
  readonly bal: number;
  readonly val: string | null;
};

export type PaxosMessage = PrepareMessage | PromiseMessage | AcceptMessage | AcceptedMessage;
