/**
 * What VR's properties read of a state: each replica's status, view, log and commit number,
 * and the operations committed so far. An op is committed when its primary has received
 * PrepareOKs from f backups and replies to the client (Liskov and Cowling 2012, sec. 4.1,
 * step 5); the model's Reply messages stay in the set network, so this record survives any
 * later change of the logs, a crash of the primary included.
 */
export interface VrReplicaView {
  readonly id: string;
  readonly normal: boolean;
  /** Whether this replica takes itself as the primary of its view. */
  readonly primary: boolean;
  readonly view: number;
  readonly log: readonly string[];
  readonly commit: number;
  /** Whether this replica has crashed (and lost its state) at least once. */
  readonly crashed: boolean;
}

export interface CommittedOp {
  readonly view: number;
  /** Op number, from 1. */
  readonly op: number;
  readonly entry: string;
}

export interface VrView {
  readonly replicas: readonly VrReplicaView[];
  readonly committed: readonly CommittedOp[];
}
