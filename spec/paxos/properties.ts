import type { Invariant, Witness } from '../../src/model/model.ts';
import { chosenValues } from './chosen.ts';
import type { PaxosView } from './view.ts';

/**
 * The safety requirements of consensus as Lamport states them for Paxos, over a PaxosView.
 * "Paxos Made Simple" (2001), section 2.1, lists them as: only a value that has been proposed
 * may be chosen; only a single value is chosen; a process never learns that a value has been
 * chosen unless it actually has been.
 */

/** Only a proposed value may be chosen. */
export const Validity: Invariant<PaxosView> = {
  name: 'Validity',
  source: 'Lamport, Paxos Made Simple (2001), sec. 2.1, first safety requirement',
  holds: (view) => chosenValues(view).every((v) => v !== null && view.proposed.includes(v)),
};

/** At most one value is chosen, across all ballots. */
export const Agreement: Invariant<PaxosView> = {
  name: 'Agreement',
  source: 'Lamport, Paxos Made Simple (2001), sec. 2.1, "only a single value is chosen"',
  holds: (view) => chosenValues(view).length <= 1,
};

/** No two learners ever learn different values. */
export const LearnersAgree: Invariant<PaxosView> = {
  name: 'LearnersAgree',
  source: 'Lamport, Paxos Made Simple (2001), sec. 2.1: a process learns only a chosen value, and only one is chosen',
  holds: (view) => new Set(view.learned).size <= 1,
};

/** Some value gets chosen: the model is not vacuous. */
export const ValueChosen: Witness<PaxosView> = {
  name: 'ValueChosen',
  source: 'Lamport, Paxos Made Simple (2001), sec. 2.1: "some proposed value is eventually chosen"',
  holds: (view) => chosenValues(view).length > 0,
};

/** Every invariant of Paxos, in the order the checker tries them. */
export const paxosInvariants: readonly Invariant<PaxosView>[] = [Validity, Agreement, LearnersAgree];
export const paxosWitnesses: readonly Witness<PaxosView>[] = [ValueChosen];
