import type { Invariant, Witness } from '../../src/model/model.ts';
import type { VrView } from './view.ts';

/** The safety of VR Revisited (Liskov and Cowling, MIT-CSAIL-TR-2012-021), over a VrView. */

/** The primary of a view, once normal, holds every op committed in an earlier view, at its op number. */
export const CommittedOpsSurviveViewChange: Invariant<VrView> = {
  name: 'CommittedOpsSurviveViewChange',
  source: 'Liskov and Cowling, VR Revisited (2012), sec. 4.2 and 8 (correctness of view changes: committed operations survive in order)',
  holds: (view) =>
    view.replicas.every((r) => !r.normal || !r.primary || view.committed.every((c) => c.view >= r.view || r.log[c.op - 1] === c.entry)),
};

/** Any two replicas' committed prefixes (ops 1..commit) agree: no committed op is reordered or replaced. */
export const CommittedPrefixesAgree: Invariant<VrView> = {
  name: 'CommittedPrefixesAgree',
  source: 'Liskov and Cowling, VR Revisited (2012), sec. 8: replicas execute committed operations in the same order',
  holds: (view) => {
    const rs = view.replicas;
    for (const a of rs) {
      for (const b of rs) {
        const n = Math.min(a.commit, b.commit);
        for (let i = 0; i < n; i++) if (a.log[i] !== b.log[i]) return false;
      }
    }
    return true;
  },
};

/**
 * At most one replica acts as primary of any one view: in normal status, taking requests and
 * sending Prepare as the view's primary. The paper gets this from the round-robin choice and
 * from a new primary starting its view only with f + 1 DoViewChange.
 */
export const OnePrimaryPerView: Invariant<VrView> = {
  name: 'OnePrimaryPerView',
  source: 'Liskov and Cowling, VR Revisited (2012), sec. 4 (the primary of a view is chosen round robin) and 4.2 (it starts the view after f + 1 DoViewChange)',
  holds: (view) => {
    const primaries = view.replicas.filter((r) => r.normal && r.primary).map((r) => r.view);
    return new Set(primaries).size === primaries.length;
  },
};

/** An op committed, then a view change completed: some replica is normal in a later view. */
export const ViewChangeAfterCommit: Witness<VrView> = {
  name: 'ViewChangeAfterCommit',
  source: 'Liskov and Cowling, VR Revisited (2012), sec. 4.2',
  holds: (view) => view.committed.some((c) => view.replicas.some((r) => r.normal && r.view > c.view)),
};

/** A replica that crashed and lost its state is back in normal status holding a committed op. */
export const RecoveredWithCommittedOp: Witness<VrView> = {
  name: 'RecoveredWithCommittedOp',
  source: 'Liskov and Cowling, VR Revisited (2012), sec. 4.3',
  holds: (view) => view.replicas.some((r) => r.crashed && r.normal && view.committed.some((c) => r.log[c.op - 1] === c.entry)),
};

export const vrInvariants: readonly Invariant<VrView>[] = [CommittedOpsSurviveViewChange, CommittedPrefixesAgree, OnePrimaryPerView];
export const vrWitnesses: readonly Witness<VrView>[] = [ViewChangeAfterCommit, RecoveredWithCommittedOp];
