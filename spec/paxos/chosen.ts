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
  const voters = new Map<string, { value: string | null; acceptors: Set<string> }>();
  for (const vote of view.votes) {
    const key = `${vote.ballot}|${JSON.stringify(vote.value)}`;
    let entry = voters.get(key);
    if (!entry) voters.set(key, (entry = { value: vote.value, acceptors: new Set() }));
    entry.acceptors.add(vote.acceptor);
  }
  const chosen = new Set<string | null>();
  for (const { value, acceptors } of voters.values()) if (acceptors.size >= majority) chosen.add(value);
  return [...chosen];
}
