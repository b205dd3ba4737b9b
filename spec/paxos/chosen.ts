import type { PaxosView } from './view.ts';

/**
 * The values chosen in a view: v is chosen when, in some single ballot, a majority of the
 * acceptors voted for v ("Paxos Made Simple", section 2.1: "a value is chosen when a single
 * proposal with that value has been accepted by a majority of the acceptors").
 *
 * Always a strict majority of all acceptors, whatever quorum a broken model uses.
 *
 * Example: votes a1 and a2 for v1 in ballot 0, out of a1..a3, give `['v1']`.
 */
export function chosenValues(view: PaxosView): (string | null)[] {
  const majority = Math.floor(view.acceptors.length / 2) + 1;
  const votes = view.votes;
  const chosen: (string | null)[] = [];
  // Each (ballot, value) pair is counted once, at its first vote: the distinct acceptors
  // among its votes. (Written without a map of keys: it runs for every new state.)
  for (let i = 0; i < votes.length; i++) {
    const v = votes[i];
    if (chosen.includes(v.value) || votes.findIndex((w) => sameProposal(w, v)) < i) continue;
    let voters = 0;
    for (let j = i; j < votes.length; j++) {
      if (!sameProposal(votes[j], v)) continue;
      const acceptor = votes[j].acceptor;
      if (votes.findIndex((w) => sameProposal(w, v) && w.acceptor === acceptor) === j) voters++;
    }
    if (voters >= majority) chosen.push(v.value);
  }
  return chosen;
}

function sameProposal(a: PaxosView['votes'][number], b: PaxosView['votes'][number]): boolean {
  return a.ballot === b.ballot && a.value === b.value;
}
