/**
 * The arithmetic of ballots and quorums, kept out of the statecharts.
 *
 * Ballots are the integers 0..maxBallot. Ballot b belongs to proposer number b mod P (P
 * proposers, numbered from 0), so no two proposers ever use the same ballot, as "Paxos Made
 * Simple" requires ("different proposers choose their numbers from disjoint sets").
 */

/** The smallest strict majority of n acceptors. Example: `majority(3) === 2`. */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** The largest minority of n acceptors, at least 1 (used only by broken variants). Example: `minority(3) === 1`. */
export function minority(n: number): number {
  return Math.max(1, Math.floor(n / 2));
}

/**
 * The next ballot of proposer `index` after `current` (-1 before its first ballot).
 * Example: with 2 proposers, proposer 1 uses 1, then 3, then 5.
 */
export function nextBallot(index: number, current: number, proposers: number): number {
  return current < 0 ? index : current + proposers;
}

/**
 * Every quorum of Paxos.tla's mirror: each set of exactly majority(n) acceptors, in
 * lexicographic order of their positions. Any two intersect, which is all Paxos needs; for 3
 * acceptors these are the three pairs, as in the tlaplus/Examples MC configurations.
 * Example: `minimalMajorities(['a1', 'a2', 'a3'])` is `[['a1','a2'], ['a1','a3'], ['a2','a3']]`.
 */
export function minimalMajorities(acceptors: readonly string[]): string[][] {
  const size = majority(acceptors.length);
  const out: string[][] = [];
  const pick = (from: number, chosen: string[]) => {
    if (chosen.length === size) {
      out.push(chosen);
      return;
    }
    for (let i = from; i <= acceptors.length - (size - chosen.length); i++) pick(i + 1, [...chosen, acceptors[i]]);
  };
  pick(0, []);
  return out;
}

/** Node ids and value names, one place for all of them. Example: `ids('a', 3)` is `['a1', 'a2', 'a3']`. */
export function ids(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
}
