/**
 * Ballot numbers that no two proposers share (Paxos Made Simple, section 2.2: "different
 * proposals are chosen from disjoint sets of numbers"): proposer k of n owns the ballots
 * k, k + n, k + 2n, ...
 */

/** Whether `ballot` belongs to proposer `index` of `count`. */
export function ownsBallot(ballot: number, index: number, count: number): boolean {
  return ballot >= 0 && ballot % count === index;
}

/**
 * The smallest ballot of proposer `index` of `count` above `above`.
 *
 * Example: `nextBallotAbove(4, 1, 3)` is 7 (proposer 1 of 3 owns 1, 4, 7, ...);
 * `nextBallotAbove(-1, 2, 3)` is 2.
 */
export function nextBallotAbove(above: number, index: number, count: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`proposer index ${index} outside 0..${count - 1}`);
  const round = Math.floor((above - index) / count) + 1;
  return Math.max(0, round) * count + index;
}
