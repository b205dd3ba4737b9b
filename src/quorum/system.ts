/**
 * Quorum systems for Paxos-family protocols. Flexible Paxos (Howard, Malkhi and Spiegelman,
 * 2016) separates the quorums of Phase 1 (leader election) from those of Phase 2
 * (replication): safety needs only that every Phase 1 quorum meets every Phase 2 quorum,
 * not that either is a majority.
 *
 * A system is given by its minimal quorums; any superset of a quorum is a quorum too.
 */
export interface QuorumSystem {
  /** One line for a person: `sizes q1=2, q2=3 over 4 acceptors`. */
  readonly description: string;
  readonly members: readonly string[];
  /** The minimal Phase 1 quorums, each sorted in member order. */
  readonly phase1: readonly (readonly string[])[];
  /** The minimal Phase 2 quorums, each sorted in member order. */
  readonly phase2: readonly (readonly string[])[];
}

/** The smallest strict majority of n members. Example: `majority(4) === 3`. */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/**
 * Every subset of exactly `size` members, in lexicographic order of positions.
 * Example: `subsetsOfSize(['a1', 'a2', 'a3'], 2)` is `[['a1','a2'], ['a1','a3'], ['a2','a3']]`.
 */
export function subsetsOfSize(members: readonly string[], size: number): string[][] {
  const out: string[][] = [];
  const pick = (from: number, chosen: string[]) => {
    if (chosen.length === size) {
      out.push(chosen);
      return;
    }
    for (let i = from; i <= members.length - (size - chosen.length); i++) pick(i + 1, [...chosen, members[i]]);
  };
  pick(0, []);
  return out;
}

/**
 * Quorums by size: any q1 members form a Phase 1 quorum, any q2 a Phase 2 quorum.
 * Example: `sizeQuorums(['a1', 'a2', 'a3', 'a4'], 2, 3)`, the Flexible Paxos paper's N=4, Q1=2, Q2=3.
 */
export function sizeQuorums(members: readonly string[], q1: number, q2: number): QuorumSystem {
  return {
    description: `sizes q1=${q1}, q2=${q2} over ${members.length} acceptors`,
    members,
    phase1: subsetsOfSize(members, q1),
    phase2: subsetsOfSize(members, q2),
  };
}

/**
 * The members laid out row by row in a grid of `rows` rows (members.length must be a
 * multiple of rows). Example: `gridOf(['a1','a2','a3','a4'], 2)` is `[['a1','a2'], ['a3','a4']]`.
 */
export function gridOf(members: readonly string[], rows: number): string[][] {
  if (rows < 1 || members.length % rows !== 0) throw new Error(`${members.length} members do not fill a grid of ${rows} rows`);
  const cols = members.length / rows;
  return Array.from({ length: rows }, (_, r) => members.slice(r * cols, (r + 1) * cols));
}

/**
 * Grid quorums: the members in `rows` rows; a Phase 1 quorum is one full row, a Phase 2
 * quorum one full column. A row and a column always share exactly one cell, so every Phase 1
 * quorum meets every Phase 2 quorum although neither needs to be a majority: with 3 rows of 3,
 * Phase 2 waits for 3 acceptors out of 9.
 * Example: `gridQuorums(['a1','a2','a3','a4'], 2)`: Phase 1 {a1,a2} or {a3,a4}; Phase 2 {a1,a3} or {a2,a4}.
 */
export function gridQuorums(members: readonly string[], rows: number): QuorumSystem {
  const grid = gridOf(members, rows);
  const cols = grid[0].length;
  return {
    description: `grid ${rows}x${cols}: Phase 1 = a full row, Phase 2 = a full column`,
    members,
    phase1: grid,
    phase2: Array.from({ length: cols }, (_, c) => grid.map((row) => row[c])),
  };
}

/**
 * Whether `present` (any order, any superset) contains one of `quorums`.
 * Example: `containsQuorum(['a3', 'a1'], [['a1', 'a3']]) === true`.
 */
export function containsQuorum(present: readonly string[], quorums: readonly (readonly string[])[]): boolean {
  return quorums.some((q) => q.every((m) => present.includes(m)));
}
