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
