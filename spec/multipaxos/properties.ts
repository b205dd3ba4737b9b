import type { Invariant, Witness } from '../../src/model/model.ts';
import { chosenEntries, contiguousLog, type MultiPaxosView } from './view.ts';

/**
 * The safety of a replicated log built from Paxos instances (Lamport, "Paxos Made Simple",
 * 2001, section 3), over a MultiPaxosView.
 */

/** In each slot at most one value is chosen. */
export const Agreement: Invariant<MultiPaxosView> = {
  name: 'Agreement',
  source: 'Lamport, Paxos Made Simple (2001), sec. 3: each slot is a separate instance of consensus; sec. 2.1 "only a single value is chosen"',
  holds: (view) => {
    const bySlot = new Map<number, string | null>();
    for (const c of chosenEntries(view)) {
      if (bySlot.has(c.slot) && bySlot.get(c.slot) !== c.value) return false;
      bySlot.set(c.slot, c.value);
    }
    return true;
  },
};

/** A chosen value is a client command or a no-op. */
export const Validity: Invariant<MultiPaxosView> = {
  name: 'Validity',
  source: 'Lamport, Paxos Made Simple (2001), sec. 2.1 (only a proposed value may be chosen) and sec. 3 (gaps are filled with no-ops)',
  holds: (view) => chosenEntries(view).every((c) => c.value === 'noop' || (c.value !== null && view.commands.includes(c.value))),
};

/**
 * The chosen log and every learner's executed log (each up to its first gap) are pairwise
 * prefix-consistent: one is a prefix of the other, so all replicas execute the same commands
 * in the same order.
 */
export const LogsPrefixConsistent: Invariant<MultiPaxosView> = {
  name: 'LogsPrefixConsistent',
  source: 'Lamport, Paxos Made Simple (2001), sec. 3: every server executes the same sequence of commands',
  holds: (view) => {
    const chosenLog = contiguousLog(chosenEntries(view).map((c) => ({ slot: c.slot, val: c.value })));
    const logs = [chosenLog, ...view.learned.map(contiguousLog)];
    for (let i = 0; i < logs.length; i++) {
      for (let j = i + 1; j < logs.length; j++) {
        const n = Math.min(logs[i].length, logs[j].length);
        for (let k = 0; k < n; k++) if (logs[i][k] !== logs[j][k]) return false;
      }
    }
    return true;
  },
};

/** Two slots chosen in one ballot: a leader ran Phase 2 twice after one Phase 1. */
export const TwoSlotsChosenUnderOneLeader: Witness<MultiPaxosView> = {
  name: 'TwoSlotsChosenUnderOneLeader',
  source: 'Lamport, Paxos Made Simple (2001), sec. 3: a leader that stays leader skips Phase 1',
  holds: (view) => {
    const slotsByBallot = new Map<number, Set<number>>();
    for (const c of chosenEntries(view)) slotsByBallot.set(c.ballot, (slotsByBallot.get(c.ballot) ?? new Set()).add(c.slot));
    return [...slotsByBallot.values()].some((s) => s.size >= 2);
  },
};

/** A leader leads a ballot higher than one in which a slot was chosen: a leader change after a chosen slot. */
export const LeaderChangeAfterChosen: Witness<MultiPaxosView> = {
  name: 'LeaderChangeAfterChosen',
  source: 'Lamport, Paxos Made Simple (2001), sec. 3: a new leader runs Phase 1 and re-proposes',
  holds: (view) => chosenEntries(view).some((c) => view.leaders.some((l) => l.leading && l.ballot > c.ballot)),
};

/** A no-op chosen in a slot below a chosen command: a new leader filled a gap. */
export const GapFilledWithNoop: Witness<MultiPaxosView> = {
  name: 'GapFilledWithNoop',
  source: 'Lamport, Paxos Made Simple (2001), sec. 3: gaps are filled with no-op commands',
  holds: (view) => {
    const chosen = chosenEntries(view);
    return chosen.some((n) => n.value === 'noop' && chosen.some((c) => c.slot > n.slot && c.value !== 'noop'));
  },
};

export const multiPaxosInvariants: readonly Invariant<MultiPaxosView>[] = [Agreement, Validity, LogsPrefixConsistent];
export const multiPaxosWitnesses: readonly Witness<MultiPaxosView>[] = [TwoSlotsChosenUnderOneLeader, LeaderChangeAfterChosen, GapFilledWithNoop];
