import type { Invariant, Params, Witness } from '../../src/model/model.ts';
import type { ClusterDefinition, ClusterState } from '../../src/system/cluster.ts';
import { contextOf, messagesOf, stateOf } from '../../src/system/view.ts';
import { RecoveredWithCommittedOp, vrInvariants, vrWitnesses } from '../../spec/vr/properties.ts';
import type { CommittedOp, VrView } from '../../spec/vr/view.ts';
import type { ReplyMessage } from './messages.ts';
import { replicaMachine, type ReplicaContext } from './replica.ts';
import { rulesFor, type VrVariant } from './rules.ts';
import { recentlyComputed } from '../../src/util/recent.ts';

/**
 * VR Revisited over a set network: replicas r1..rN, views 0..maxView, at most maxOps client
 * requests, at most maxCrashes crashes. Every replica's local events: ClientRequest and
 * SendCommit (which only the primary's statechart takes), Timeout (which starts a view
 * change) and Crash (a fault: the replica loses its state and recovers, sec. 4.3).
 *
 * Example: `vrCluster({ replicas: 3, maxView: 1, maxOps: 1, maxCrashes: 1 }, 'default')`.
 */
export function vrCluster(params: Params, variant: VrVariant): ClusterDefinition {
  const replicas = Array.from({ length: params.replicas as number }, (_, i) => `r${i + 1}`);
  const rules = rulesFor(variant, { replicas, maxView: params.maxView as number, maxOps: params.maxOps as number, maxCrashes: params.maxCrashes as number });
  const view = viewOf(replicas);
  return {
    protocol: 'vr',
    variant,
    params,
    roles: [
      {
        name: 'replica',
        machine: replicaMachine(rules),
        receives: ['Prepare', 'Commit', 'StartViewChange', 'StartView', 'Recovery'],
        localEvents: () => [{ type: 'ClientRequest' }, { type: 'SendCommit' }, { type: 'Timeout' }, { type: 'Crash' }],
      },
    ],
    nodes: replicas.map((id) => ({ id, role: 'replica', input: { self: id } })),
    network: 'set',
    // TLC's CONSTRAINT: at most maxCrashes crashes in all (VR assumes at most f replicas failed at once).
    withinBounds: (s) => replicas.reduce((n, id) => n + contextOf<ReplicaContext>(s, id).crashes, 0) <= rules.maxCrashes,
    invariants: vrInvariants.map((p): Invariant<ClusterState> => ({ name: p.name, source: p.source, holds: (s) => p.holds(view(s)) })),
    // A recovery witness needs a crash: without one in the bounds it could never be reached, so
    // the model declares it only when the bounds allow a crash.
    witnesses: vrWitnesses
      .filter((w) => rules.maxCrashes > 0 || w !== RecoveredWithCommittedOp)
      .map((w): Witness<ClusterState> => ({ name: w.name, source: w.source, holds: (s) => w.holds(view(s)) })),
  };
}

function viewOf(replicas: readonly string[]): (state: ClusterState) => VrView {
  return recentlyComputed(
    (state: ClusterState): VrView => ({
      replicas: replicas.map((id) => {
        const c = contextOf<ReplicaContext>(state, id);
        return { id, normal: stateOf(state, id) === 'active.normal', primary: c.primary === id, view: c.view, log: c.log, commit: c.commit, crashed: c.crashes > 0 };
      }),
      committed: messagesOf<ReplyMessage>(state, 'Reply').map((r): CommittedOp => ({ view: r.view, op: r.op, entry: r.entry })),
    }),
  );
}
