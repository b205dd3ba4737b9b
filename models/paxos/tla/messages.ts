/**
 * Paxos.tla's four message kinds, field for field (tlaplus/Examples,
 * specifications/Paxos/Paxos.tla, `Message`). None is null; "no ballot" is -1. No message
 * names a sender or a receiver: any acceptor may read a 1a or a 2a.
 */
export type Msg1a = {
  readonly type: '1a';
  readonly bal: number;
};
export type Msg1b = {
  readonly type: '1b';
  readonly acc: string;
  readonly bal: number;
  readonly mbal: number;
  readonly mval: string | null;
};
export type Msg2a = {
  readonly type: '2a';
  readonly bal: number;
  readonly val: string;
};
export type Msg2b = {
  readonly type: '2b';
  readonly acc: string;
  readonly bal: number;
  readonly val: string;
};
