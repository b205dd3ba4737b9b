import { UsageError } from '../../src/model/errors.ts';
import type { ProtocolDefinition, VariantSpec } from '../../src/model/protocol.ts';
import { clusterModel } from '../../src/system/cluster.ts';
import { vrInvariants, vrWitnesses } from '../../spec/vr/properties.ts';
import { vrCluster } from './cluster.ts';
import type { VrVariant } from './rules.ts';

/**
 * Viewstamped Replication Revisited (Liskov and Cowling, 2012): normal operation, view
 * change and recovery. See spec/vr/README.md.
 *
 * Example: `soffio check vr --variant view-change-without-log-merge`.
 */
const variants: readonly VariantSpec[] = [
  { name: 'default', description: 'VR Revisited, sec. 4.1 (normal operation), 4.2 (view change) and 4.3 (recovery)' },
  {
    name: 'view-change-without-log-merge',
    description: 'the new primary ignores the logs in DoViewChange and keeps its own',
    breaks: 'CommittedOpsSurviveViewChange',
  },
  {
    name: 'restart-without-recovery',
    description: 'a crashed replica comes back in normal status with an empty log instead of running recovery (sec. 4.3 argues it must not take part before it recovers)',
    breaks: 'CommittedOpsSurviveViewChange',
    defaults: { maxCrashes: 1 },
  },
  {
    name: 'recover-from-any-replica',
    description: 'a recovering replica takes the state of whichever answer completes its f + 1, instead of the primary\'s (sec. 4.3, step 3)',
    breaks: 'CommittedOpsSurviveViewChange',
    defaults: { maxCrashes: 1 },
  },
  {
    // No `breaks`, so `soffio lint` does not run it: its shortest counterexample (16 steps, two
    // crashes of one replica) takes 910,452 states to find, past the lint's 150,000.
    // traces/vr/recover-without-nonce.itf.json holds it, and the tests replay it.
    name: 'recover-without-nonce',
    description:
      'a recovering replica accepts RecoveryResponses to an earlier recovery of its own (sec. 4.3: the nonce); violates CommittedOpsSurviveViewChange in 16 steps with maxCrashes 2, past 900,000 states: too many for lint',
    defaults: { maxCrashes: 2 },
  },
  {
    name: 'self-appointed-primary',
    description: 'a replica that times out makes itself primary of the next view at once, instead of the round-robin primary after f + 1 DoViewChange (sec. 4, 4.2)',
    breaks: 'OnePrimaryPerView',
  },
  {
    name: 'commit-without-quorum',
    description: 'the primary commits an op (and replies) as soon as it takes it, without waiting for f PrepareOK (sec. 4.1, step 5)',
    breaks: 'CommittedOpsSurviveViewChange',
  },
  {
    name: 'prepare-from-old-view',
    description: 'a backup appends a Prepare whatever its view number (sec. 4.1: replicas process only messages of the view they know)',
    breaks: 'CommittedPrefixesAgree',
  },
];

export const protocol: ProtocolDefinition = {
  name: 'vr',
  description: 'Viewstamped Replication Revisited: normal operation, view change, recovery',
  roles: ['replica'],
  params: [
    { name: 'replicas', type: 'int', default: 3, min: 1, max: 5, description: 'replicas r1..rN; f = (N - 1) / 2; the primary of view v is r((v mod N) + 1)' },
    { name: 'maxView', type: 'int', default: 1, min: 0, max: 4, description: 'the bound: views 0..maxView' },
    { name: 'maxOps', type: 'int', default: 1, min: 0, max: 4, description: 'the bound: client requests (log length)' },
    { name: 'maxCrashes', type: 'int', default: 0, min: 0, max: 3, description: 'the bound: crashes of all replicas together over a run (each followed by recovery)' },
  ],
  variants,
  properties: vrInvariants.map((p) => p.name),
  witnesses: vrWitnesses.map((w) => w.name),
  build(params, variant) {
    if (!variants.some((v) => v.name === variant)) throw new Error(`unknown variant ${variant} of vr`);
    // VR needs n = 2f + 1 replicas: with an even n a view change need not meet every commit quorum.
    if ((params.replicas as number) % 2 === 0) throw new UsageError(`parameter 'replicas' of vr must be odd (n = 2f + 1), got ${params.replicas}`);
    return clusterModel(vrCluster(params, variant as VrVariant));
  },
};
