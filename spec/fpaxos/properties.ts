import type { Invariant, Witness } from '../../src/model/model.ts';
import { chosenProposals, type FPaxosView } from './view.ts';

/**
 * The safety properties of consensus, which Flexible Paxos keeps from Paxos while weakening
 * its quorums (Howard, Malkhi and Spiegelman, "Flexible Paxos: Quorum intersection
 * revisited", 2016), over an FPaxosView.
 */

/** Only a value some client asked for may be chosen. */
export const Validity: Invariant<FPaxosView> = {
  name: 'Validity',
  source: 'Lamport, Paxos Made Simple (2001), sec. 2.1; kept by Howard et al., Flexible Paxos (2016), sec. 3',
  holds: (view) => chosenProposals(view).every((c) => c.value !== null && view.proposed.includes(c.value)),
};

/** At most one value is chosen, across all ballots. */
export const Agreement: Invariant<FPaxosView> = {
  name: 'Agreement',
  source: 'Howard, Malkhi and Spiegelman, Flexible Paxos (2016), sec. 3: safe when every Phase 1 quorum meets every Phase 2 quorum',
  holds: (view) => new Set(chosenProposals(view).map((c) => c.value)).size <= 1,
};

/** Some value is chosen: the model is not vacuous. */
export const ValueChosen: Witness<FPaxosView> = {
  name: 'ValueChosen',
  source: 'Lamport, Paxos Made Simple (2001), sec. 2.1: some proposed value is eventually chosen',
  holds: (view) => chosenProposals(view).length > 0,
};

/**
 * A value chosen in two ballots: the later ballot's Phase 1 quorum met the earlier Phase 2
 * quorum and carried the value on, the step the intersection requirement exists for.
 */
export const ChosenAgainInLaterBallot: Witness<FPaxosView> = {
  name: 'ChosenAgainInLaterBallot',
  source: 'Howard et al., Flexible Paxos (2016), sec. 3: a Phase 1 quorum intersects every earlier Phase 2 quorum',
  holds: (view) => new Set(chosenProposals(view).map((c) => c.ballot)).size >= 2,
};

export const fpaxosInvariants: readonly Invariant<FPaxosView>[] = [Validity, Agreement];
export const fpaxosWitnesses: readonly Witness<FPaxosView>[] = [ValueChosen, ChosenAgainInLaterBallot];
