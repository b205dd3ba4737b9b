import type { Invariant, Params, Witness } from '../../src/model/model.ts';
import type { ClusterDefinition, ClusterState } from '../../src/system/cluster.ts';
import { contextOf, messagesOf, stateOf } from '../../src/system/view.ts';
import { vrInvariants, vrWitnesses } from '../../spec/vr/properties.ts';
import type { CommittedOp, VrView } from '../../spec/vr/view.ts';
import type { PrepareMessage, PrepareOkMessage } from './messages.ts';
import { replicaMachine, type ReplicaContext } from './replica.ts';
import { primaryOf, rulesFor, type VrVariant } from './rules.ts';

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
  const view = viewOf(replicas, rules.f);
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
    witnesses: vrWitnesses.map((w): Witness<ClusterState> => ({ name: w.name, source: w.source, holds: (s) => w.holds(view(s)) })),
  };
}

function viewOf(replicas: readonly string[], f: number): (state: ClusterState) => VrView {
  const cache = new WeakMap<ClusterState, VrView>();
  return (state) => {
    let v = cache.get(state);
    if (v === undefined) {
      const oks = messagesOf<PrepareOkMessage>(state, 'PrepareOK');
      const committed: CommittedOp[] = messagesOf<PrepareMessage>(state, 'Prepare')
        .filter((p) => new Set(oks.filter((o) => o.view === p.view && o.op === p.op).map((o) => o.from)).size >= f)
        .map((p) => ({ view: p.view, op: p.op, entry: p.entry }));
      v = {
        replicas: replicas.map((id) => {
          const c = contextOf<ReplicaContext>(state, id);
          return { id, normal: stateOf(state, id) === 'active.normal', primary: primaryOf(replicas, c.view) === id, view: c.view, log: c.log, commit: c.commit, crashed: c.crashes > 0 };
        }),
        committed,
      };
      cache.set(state, v);
    }
    return v;
  };
}
