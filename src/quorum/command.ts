import { UsageError } from '../model/errors.ts';
import { disjointPair } from './intersection.ts';
import { gridQuorums, majority, sizeQuorums, type QuorumSystem } from './system.ts';

/** The largest system the command enumerates: C(12, 6) quorums per phase at most. */
export const MAX_ACCEPTORS = 12;

export interface QuorumsOptions {
  readonly n: number;
  readonly q1?: number;
  readonly q2?: number;
  /** `RxC`: the n acceptors in R rows of C; Phase 1 = a full row, Phase 2 = a full column. */
  readonly grid?: string;
  readonly json?: boolean;
}

/**
 * `soffio quorums`: whether every Phase 1 quorum of a quorum system meets every Phase 2
 * quorum, the condition Flexible Paxos needs for safety, decided by enumerating the quorums
 * (the model is not run). Exit code 0 when they all intersect, 1 otherwise, naming a pair
 * that does not. Throws UsageError for bad input. Sizes default to a majority.
 *
 * Example: `quorumsCommand({ n: 4, q1: 2, q2: 3 })` is `{ exitCode: 0, text: ... }`;
 * `quorumsCommand({ n: 4, q1: 2, q2: 2 })` exits 1 naming {a1,a2} and {a3,a4}.
 */
export function quorumsCommand(opts: QuorumsOptions): { exitCode: 0 | 1; text: string } {
  const system = systemOf(opts);
  const pair = disjointPair(system);
  if (opts.json) {
    const out = {
      system: system.description,
      acceptors: system.members,
      phase1Quorums: system.phase1.length,
      phase2Quorums: system.phase2.length,
      intersect: pair === undefined,
      ...(pair ? { disjoint: { phase1: pair.phase1, phase2: pair.phase2 } } : {}),
    };
    return { exitCode: pair ? 1 : 0, text: JSON.stringify(out, null, 2) + '\n' };
  }
  const lines = [
    `quorum system: ${system.description}`,
    `acceptors: ${system.members.join(', ')}`,
    `Phase 1 quorums: ${system.phase1.length} minimal (${sample(system.phase1)})`,
    `Phase 2 quorums: ${system.phase2.length} minimal (${sample(system.phase2)})`,
    pair
      ? `NOT SAFE: Phase 1 quorum ${set(pair.phase1)} and Phase 2 quorum ${set(pair.phase2)} do not intersect, so two leaders can choose different values`
      : 'safe: every Phase 1 quorum intersects every Phase 2 quorum (Flexible Paxos needs this, not majorities)',
  ];
  return { exitCode: pair ? 1 : 0, text: lines.join('\n') + '\n' };
}

function systemOf(opts: QuorumsOptions): QuorumSystem {
  const n = opts.n;
  if (!Number.isInteger(n) || n < 1 || n > MAX_ACCEPTORS) throw new UsageError(`--n must be an integer between 1 and ${MAX_ACCEPTORS}, got ${String(n)}`);
  const members = Array.from({ length: n }, (_, i) => `a${i + 1}`);
  if (opts.grid !== undefined) {
    if (opts.q1 !== undefined || opts.q2 !== undefined) throw new UsageError('--grid sets both quorum systems; do not give --q1 or --q2 with it');
    const match = /^(\d+)x(\d+)$/.exec(opts.grid.trim());
    if (!match) throw new UsageError(`--grid must be ROWSxCOLS, e.g. 2x2, got '${opts.grid}'`);
    const rows = Number(match[1]);
    const cols = Number(match[2]);
    if (rows < 1 || cols < 1 || rows * cols !== n) throw new UsageError(`--grid ${opts.grid} has ${rows * cols} cells but --n is ${n}`);
    return gridQuorums(members, rows);
  }
  const size = (name: string, q: number | undefined) => {
    if (q === undefined) return majority(n);
    if (!Number.isInteger(q) || q < 1 || q > n) throw new UsageError(`--${name} must be an integer between 1 and --n (${n}), got ${String(q)}`);
    return q;
  };
  return sizeQuorums(members, size('q1', opts.q1), size('q2', opts.q2));
}

const set = (q: readonly string[]) => `{${q.join(', ')}}`;

/** The first few quorums, enough to see the shape. */
function sample(quorums: readonly (readonly string[])[]): string {
  const shown = quorums.slice(0, 3).map(set).join(' ');
  return quorums.length > 3 ? `${shown} ...` : shown;
}
