import { recentlyComputed } from '../../src/util/recent.ts';

/**
 * What the properties of Flexible Paxos read of a state: the Phase 2 quorums (a value is
 * chosen when one of them votes for it in one ballot), every vote cast and the values clients
 * asked for. models/fpaxos/cluster.ts maps a cluster state to this view.
 */
export interface FPaxosVote {
  readonly acceptor: string;
  readonly ballot: number;
  /** null is "no value": only a broken proposer asks acceptors to accept it. */
  readonly value: string | null;
}

export interface FPaxosView {
  /** The minimal Phase 2 quorums of the configured quorum system. */
  readonly phase2: readonly (readonly string[])[];
  readonly votes: readonly FPaxosVote[];
  /** Values some proposer's client asked for (a proposer that has started a ballot). */
  readonly proposed: readonly string[];
}

/**
 * Each (ballot, value) that a Phase 2 quorum voted for. Flexible Paxos, section 3: a value is
 * decided once a Phase 2 quorum of acceptors accepted it in the same ballot.
 * Example: votes of a1, a2, a3 for v1 in ballot 0, Phase 2 quorums of size 3 of 4: `[{ ballot: 0, value: 'v1' }]`.
 */
export function chosenProposals(view: FPaxosView): { ballot: number; value: string | null }[] {
  // Every property and witness reads this of the same view: compute it once.
  return chosenOf(view);
}

const chosenOf = recentlyComputed(computeChosen);

function computeChosen(view: FPaxosView): { ballot: number; value: string | null }[] {
  const groups = new Map<string, { ballot: number; value: string | null; voters: string[] }>();
  for (const v of view.votes) {
    const key = `${v.ballot}|${JSON.stringify(v.value)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ballot: v.ballot, value: v.value, voters: [] }));
    if (!g.voters.includes(v.acceptor)) g.voters.push(v.acceptor);
  }
  return [...groups.values()]
    .filter((g) => view.phase2.some((q) => q.every((a) => g.voters.includes(a))))
    .map(({ ballot, value }) => ({ ballot, value }));
}
