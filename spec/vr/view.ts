/**
 * What VR's properties read of a state: each replica's status, view, log and commit number,
 * and the operations committed so far. The paper commits an op once its primary has received
 * PrepareOKs from f backups (Liskov and Cowling 2012, sec. 4.1, step 5); we count it as soon
 * as f backups have sent them (the op is then in f + 1 logs), which is never later, so the
 * properties below are checked over at least every committed op. Prepare and PrepareOK stay
 * in the set network, so this record survives any later change of the logs.
 */
export interface VrReplicaView {
  readonly id: string;
  readonly normal: boolean;
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
