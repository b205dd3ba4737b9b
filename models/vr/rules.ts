import type { DoViewChangeMessage } from './messages.ts';

/** The arithmetic of VR and the one decision a broken variant changes. */
export type VrVariant =
  | 'default'
  | 'view-change-without-log-merge'
  | 'restart-without-recovery'
  | 'self-appointed-primary'
  | 'commit-without-quorum'
  | 'prepare-from-old-view'
  | 'recover-from-any-replica'
  | 'recover-without-nonce';

export interface VrRules {
  readonly replicas: readonly string[];
  readonly maxView: number;
  readonly maxOps: number;
  /** The bound: crashes over the whole run. */
  readonly maxCrashes: number;
  /** Does a crashed replica restart straight into normal status, skipping the recovery protocol? */
  readonly skipsRecovery: boolean;
  /** Does a replica that times out make itself primary of the next view at once, instead of the round-robin primary's view change? */
  readonly selfAppointsOnTimeout: boolean;
  /** Does the primary commit an op the moment it takes it, without waiting for f PrepareOK? */
  readonly commitsWithoutQuorum: boolean;
  /** Does a backup take a Prepare only when its view number is the backup's own? */
  readonly checksPrepareView: boolean;
  /** Does a recovering replica take the state of whichever answer completes its f + 1, not the primary's? */
  readonly recoversFromAnyReplica: boolean;
  /** Does a recovering replica count only answers that carry the nonce of its current recovery? */
  readonly checksNonce: boolean;
  /** f: the failures tolerated, (n - 1) / 2. */
  readonly f: number;
  /** The log a new primary starts its view with, given its own and the f + 1 DoViewChange it collected. */
  readonly newLog: (own: readonly string[], collected: readonly DoViewChangeMessage[]) => readonly string[];
}

/** The primary of view v: replicas in round-robin order (section 4). Example: `primaryOf(['r1','r2','r3'], 1) === 'r2'`. */
export function primaryOf(replicas: readonly string[], view: number): string {
  return replicas[view % replicas.length];
}

/**
 * The log of the DoViewChange with the largest lastNormal, ties broken by the longest log
 * (section 4.2, step 3). Example: (lastNormal 0, [o0.1]) beats (lastNormal 0, []).
 */
export function mergedLog(collected: readonly DoViewChangeMessage[]): readonly string[] {
  let best = collected[0];
  for (const m of collected) if (m.lastNormal > best.lastNormal || (m.lastNormal === best.lastNormal && m.log.length > best.log.length)) best = m;
  return best.log;
}

/** The operation the primary of `view` adds as op number `op`. Example: `entryOf(0, 1) === 'o0.1'`. */
export function entryOf(view: number, op: number): string {
  return `o${view}.${op}`;
}

/** The rules of a variant. Example: `rulesFor('default', { replicas: ['r1', 'r2', 'r3'], maxView: 1, maxOps: 1, maxCrashes: 1 }).f === 1`. */
export function rulesFor(variant: VrVariant, sizes: { replicas: readonly string[]; maxView: number; maxOps: number; maxCrashes: number }): VrRules {
  const paper: VrRules = {
    ...sizes,
    skipsRecovery: false,
    selfAppointsOnTimeout: false,
    commitsWithoutQuorum: false,
    checksPrepareView: true,
    recoversFromAnyReplica: false,
    checksNonce: true,
    f: Math.floor((sizes.replicas.length - 1) / 2),
    newLog: (_own, collected) => mergedLog(collected),
  };
  switch (variant) {
    case 'default':
      return paper;
    case 'view-change-without-log-merge':
      // The new primary keeps its own log, ignoring the logs the DoViewChange messages carry.
      return { ...paper, newLog: (own) => own };
    case 'restart-without-recovery':
      // The replica comes back with an empty log and takes part at once, as if its state had survived.
      return { ...paper, skipsRecovery: true };
    case 'self-appointed-primary':
      // Whoever suspects the primary leads the next view: no round robin, no DoViewChange quorum.
      return { ...paper, selfAppointsOnTimeout: true };
    case 'commit-without-quorum':
      // The primary counts an op committed as soon as it is in its own log.
      return { ...paper, commitsWithoutQuorum: true };
    case 'prepare-from-old-view':
      // A backup appends a Prepare of any view, as long as it is the next op number.
      return { ...paper, checksPrepareView: false };
    case 'recover-from-any-replica':
      // Every replica answers Recovery with its log, and any f + 1 answers will do.
      return { ...paper, recoversFromAnyReplica: true };
    case 'recover-without-nonce':
      // Answers to an earlier recovery of the same replica count as answers to this one.
      return { ...paper, checksNonce: false };
  }
}

/** What a recovering replica keeps of one RecoveryResponse. */
export interface RecoveryAnswer {
  readonly from: string;
  readonly view: number;
  readonly log: readonly string[] | null;
  readonly commit: number;
}

/**
 * The answer a recovering replica adopts: with f + 1 answers, the one from the primary of the
 * largest view among them, if it is there (sec. 4.3, step 3); undefined otherwise.
 * Example: answers (r1, view 0, log ['o0.1']) and (r2, view 0, null) of replicas r1..r3 give r1's.
 */
export function primaryAnswer(replicas: readonly string[], f: number, answers: readonly RecoveryAnswer[]): RecoveryAnswer | undefined {
  if (answers.length < f + 1) return undefined;
  const view = Math.max(...answers.map((a) => a.view));
  return answers.find((a) => a.view === view && a.from === primaryOf(replicas, view) && a.log !== null);
}
