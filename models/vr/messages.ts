/**
 * The messages of Viewstamped Replication Revisited (Liskov and Cowling, 2012): normal
 * operation (section 4.1) and view change (section 4.2). Messages without `to` go to every
 * replica; a replica ignores its own.
 */
export type PrepareMessage = { readonly type: 'Prepare'; readonly from: string; readonly view: number; readonly op: number; readonly entry: string; readonly commit: number };
export type PrepareOkMessage = { readonly type: 'PrepareOK'; readonly from: string; readonly to: string; readonly view: number; readonly op: number };
export type CommitMessage = { readonly type: 'Commit'; readonly from: string; readonly view: number; readonly commit: number };
export type StartViewChangeMessage = { readonly type: 'StartViewChange'; readonly from: string; readonly view: number };
export type DoViewChangeMessage = {
  readonly type: 'DoViewChange';
  readonly from: string;
  readonly to: string;
  readonly view: number;
  readonly log: readonly string[];
  /** The latest view in which the sender's status was normal. */
  readonly lastNormal: number;
  readonly commit: number;
};
export type StartViewMessage = { readonly type: 'StartView'; readonly from: string; readonly view: number; readonly log: readonly string[]; readonly commit: number };

/** Recovery (sec. 4.3): a restarted replica asks the others for the state, with a nonce to match the answers. */
export type RecoveryMessage = { readonly type: 'Recovery'; readonly from: string; readonly nonce: number };
/** The answer to Recovery: the responder's view; the primary of that view also sends its log and commit number. */
export type RecoveryResponseMessage = {
  readonly type: 'RecoveryResponse';
  readonly from: string;
  readonly to: string;
  readonly view: number;
  readonly nonce: number;
  readonly log: readonly string[] | null;
  readonly commit: number;
};

/**
 * The primary's reply to the client once it has committed op `op` (sec. 4.1, step 5): what a
 * client has been told is done. No replica receives it; it stays in the set network as the
 * record of every committed op, which the properties read.
 */
export type ReplyMessage = { readonly type: 'Reply'; readonly from: string; readonly view: number; readonly op: number; readonly entry: string };

export type VrMessage =
  | PrepareMessage
  | PrepareOkMessage
  | CommitMessage
  | StartViewChangeMessage
  | DoViewChangeMessage
  | StartViewMessage
  | RecoveryMessage
  | RecoveryResponseMessage
  | ReplyMessage;
