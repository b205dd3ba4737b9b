import { describe, expect, it } from 'vitest';
import { RaftSim } from './support/impl-raft-sim.ts';

// Seeded random runs of the Raft core under message loss, duplication and reordering, and
// crashes with restarts. The cores check their own invariants (and throw); this test checks,
// from outside and with its own bookkeeping, the ones that involve time or several servers.

const RUNS = 1_000;
const STEPS = 250;

interface RunOutcome {
  readonly committed: number;
  readonly leadersElected: number;
}

function randomRun(seed: number): RunOutcome {
  const ids = seed % 3 === 0 ? ['n1', 'n2', 'n3', 'n4', 'n5'] : ['n1', 'n2', 'n3'];
  const sim = new RaftSim({ ids, seed, electionTicks: 4, heartbeatTicks: 1, maxEntriesPerMessage: seed % 2 === 0 ? 1 : undefined });
  const maxDown = Math.floor((ids.length - 1) / 2);
  /** The highest commitIndex seen for each incarnation of each server: it must never go back. */
  const commitSeen = new Map<string, number>(ids.map((id) => [id, 0]));
  /** Election Safety across the cluster: at most one leader per term, ever. */
  const leaderOfTerm = new Map<number, string>();
  let proposals = 0;

  for (let step = 0; step < STEPS; step++) {
    const up = ids.filter((id) => !sim.down.has(id));
    const pick = (list: readonly string[]) => list[sim.randomInt(list.length)]!;
    const r = sim.randomInt(100);
    if (r < 25) sim.tick(pick(up));
    else if (r < 65) sim.deliverRandom();
    else if (r < 75) sim.dropRandom();
    else if (r < 82) {
      if (sim.queue.length < 60) sim.duplicateRandom();
    } else if (r < 92) {
      const leader = up.find((id) => sim.node(id).role === 'leader');
      if (leader !== undefined) sim.propose(leader, `v${++proposals}`);
    } else if (r < 96) {
      if (sim.down.size < maxDown) {
        const id = pick(up);
        sim.crash(id);
      }
    } else if (sim.down.size > 0) {
      const id = pick([...sim.down].sort());
      sim.restart(id);
      commitSeen.set(id, 0); // commitIndex is volatile: a new incarnation starts from 0
    }

    for (const id of ids) {
      if (sim.down.has(id)) continue;
      const n = sim.node(id);
      if (n.commitIndex < commitSeen.get(id)!) throw new Error(`seed ${seed} step ${step}: ${id} commitIndex went from ${commitSeen.get(id)} to ${n.commitIndex}`);
      commitSeen.set(id, n.commitIndex);
      if (n.role === 'leader') {
        const other = leaderOfTerm.get(n.currentTerm);
        if (other !== undefined && other !== id) throw new Error(`seed ${seed} step ${step}: ${other} and ${id} both led term ${n.currentTerm}`);
        leaderOfTerm.set(n.currentTerm, id);
      }
    }
    if (step % 5 === 4) checkLogMatching(sim, ids, `seed ${seed} step ${step}`);
  }
  const committed = Math.max(...[...sim.applied.values()].map((a) => a.length));
  return { committed, leadersElected: leaderOfTerm.size };
}

/**
 * Log Matching (Raft paper, Figure 3): if two logs hold an entry with the same index and
 * term, the logs are identical up to that index. Checked on disks, which survive restarts.
 */
function checkLogMatching(sim: RaftSim, ids: readonly string[], where: string): void {
  const logs = ids.map((id) => sim.disks.get(id)!.state().log);
  for (let i = 0; i < logs.length; i++) {
    for (let j = i + 1; j < logs.length; j++) {
      const a = logs[i]!;
      const b = logs[j]!;
      let last = 0; // the highest index where both hold an entry of the same term
      for (let k = Math.min(a.length, b.length); k >= 1; k--) {
        if (a[k - 1]!.term === b[k - 1]!.term) {
          last = k;
          break;
        }
      }
      for (let k = 0; k < last; k++) {
        if (a[k]!.term !== b[k]!.term || a[k]!.value !== b[k]!.value) {
          throw new Error(`${where}: LogMatching: ${ids[i]} and ${ids[j]} agree at index ${last} but differ at index ${k + 1}`);
        }
      }
    }
  }
}

describe('raft core under a hostile network (seeded random runs)', () => {
  it(`${RUNS} runs: commitIndex never decreases, one leader per term, Log Matching, no two servers apply different entries at an index`, () => {
    let runsThatCommitted = 0;
    let runsWithALeader = 0;
    for (let seed = 1; seed <= RUNS; seed++) {
      let outcome: RunOutcome;
      try {
        outcome = randomRun(seed);
      } catch (e) {
        // The seed replays the run exactly: `randomRun(seed)`.
        throw new Error(`seed ${seed}: ${(e as Error).message}`);
      }
      if (outcome.committed > 0) runsThatCommitted++;
      if (outcome.leadersElected > 0) runsWithALeader++;
    }
    // Not vacuous: the runs elect leaders and commit entries, so the checks above had work to do.
    expect(runsWithALeader).toBeGreaterThan(RUNS / 2);
    expect(runsThatCommitted).toBeGreaterThan(RUNS / 4);
  });
});
