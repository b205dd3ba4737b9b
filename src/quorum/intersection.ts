import type { QuorumSystem } from './system.ts';

/** A Phase 1 quorum and a Phase 2 quorum with no member in common. */
export interface DisjointPair {
  readonly phase1: readonly string[];
  readonly phase2: readonly string[];
}

/**
 * The first Phase 1 quorum and Phase 2 quorum that do not intersect, or undefined when every
 * Phase 1 quorum meets every Phase 2 quorum (the condition under which Flexible Paxos is safe).
 * Checking the minimal quorums is enough: supersets only add members.
 *
 * Example: `disjointPair(sizeQuorums(ids(4), 2, 2))` is `{ phase1: ['a1','a2'], phase2: ['a3','a4'] }`.
 */
export function disjointPair(system: QuorumSystem): DisjointPair | undefined {
  const bit = new Map(system.members.map((m, i) => [m, 1n << BigInt(i)]));
  const mask = (q: readonly string[]) => q.reduce((acc, m) => acc | bit.get(m)!, 0n);
  const phase2 = system.phase2.map(mask);
  for (const q1 of system.phase1) {
    const m1 = mask(q1);
    const at = phase2.findIndex((m2) => (m1 & m2) === 0n);
    if (at >= 0) return { phase1: q1, phase2: system.phase2[at] };
  }
  return undefined;
}
