import { describe, expect, it } from 'vitest';
import { validateRaftLog } from '../src/conformance/validate.ts';
import { validationModel } from '../src/conformance/validation-model.ts';
import type { RaftLogLine } from '../src/fuzz/log.ts';
import { fuzzRaft } from '../src/fuzz/raft.ts';
import { parseRaftLog } from '../src/fuzz/read-log.ts';
import { loadProtocol } from '../src/registry.ts';

const model = validationModel(await loadProtocol('raft'), 3);
const SEEDS = Array.from({ length: 12 }, (_, i) => 1000 + i);
const STEPS = 800;

describe('fuzzing the Raft implementation', () => {
  it('is a function of its seed: the same seed gives the same log, another seed another', () => {
    const a = fuzzRaft({ seed: 5, steps: 300 });
    const b = fuzzRaft({ seed: 5, steps: 300 });
    const c = fuzzRaft({ seed: 6, steps: 300 });
    expect(b.log).toEqual(a.log);
    expect(c.log).not.toEqual(a.log);
  });

  it(`breaks no invariant over ${SEEDS.length} seeds x ${STEPS} steps, and every log is explained by the model`, () => {
    let leaderships = 0;
    let committed = 0;
    const kinds = new Set<string>();
    for (const seed of SEEDS) {
      const run = fuzzRaft({ seed, steps: STEPS });
      expect(run.violation, `seed ${seed}`).toBeUndefined();
      expect(run.steps).toBe(STEPS);
      leaderships += run.leadersElected;
      if (run.maxCommitIndex > 0) committed++;
      for (const line of run.log) kinds.add(line.event);
      const result = validateRaftLog(run.log, model);
      expect(result, `seed ${seed}`).toMatchObject({ ok: true });
    }
    // Not vacuous: leaders are elected, entries committed, and every fault is injected.
    expect(leaderships).toBeGreaterThan(SEEDS.length);
    expect(committed).toBeGreaterThan(SEEDS.length / 2);
    expect([...kinds].sort()).toEqual(['drop', 'duplicate', 'heal', 'partition', 'propose', 'receive', 'restart', 'tick']);
  });
});

describe('validating an event log', () => {
  const log = fuzzRaft({ seed: 77, steps: 600 }).log;
  const clone = () => JSON.parse(JSON.stringify(log)) as RaftLogLine[];

  it('accepts the log as recorded', () => {
    expect(validateRaftLog(log, model)).toMatchObject({ ok: true, lines: log.length });
  });

  it('fails at the very line whose logged term is changed', () => {
    const mutated = clone();
    const at = mutated.findIndex((l, i) => i > 100 && l.event === 'receive' && l.state?.term !== undefined);
    (mutated[at].state as { term: number }).term += 1;
    const result = validateRaftLog(mutated, model);
    expect(result).toMatchObject({ ok: false, line: at + 1 });
    if (!result.ok) expect(result.closest[0]).toContain(`${mutated[at].node}.term: log ${mutated[at].state!.term}, model ${mutated[at].state!.term! - 1}`);
  });

  it('fails at the very line whose logged commit index or vote is changed', () => {
    for (const field of ['commitIndex', 'votedFor'] as const) {
      const mutated = clone();
      const at = mutated.findIndex((l, i) => i > 200 && l.event === 'tick' && l.state !== undefined);
      const state = mutated[at].state as Record<string, unknown>;
      state[field] = field === 'commitIndex' ? (state.commitIndex as number) + 5 : 's9';
      expect(validateRaftLog(mutated, model), field).toMatchObject({ ok: false, line: at + 1 });
    }
  });

  it('fails at the line that claims a message the node never sent', () => {
    const mutated = clone();
    const at = mutated.findIndex((l) => l.event === 'receive' && (l.sent?.length ?? 0) > 0);
    (mutated[at].sent![0] as { term: number }).term += 3;
    expect(validateRaftLog(mutated, model)).toMatchObject({ ok: false, line: at + 1 });
  });

  it('still accepts the log when the observed states are left out', () => {
    const stripped = clone().map(({ state: _state, ...rest }) => rest as RaftLogLine);
    expect(validateRaftLog(stripped, model)).toMatchObject({ ok: true });
  });

  it('reads NDJSON back to the same lines', () => {
    const text = log.map((l) => JSON.stringify(l)).join('\n') + '\n';
    expect(parseRaftLog(text)).toEqual(log);
  });
});

describe('a fuzz run that breaks a property', () => {
  it('stops at the first step that breaks it and reports seed, step and property, with the log up to there', () => {
    // A property that a healthy cluster must break: "no server ever leads in term 2 or later".
    const noSecondTerm = { name: 'NoLeaderAfterTerm1', source: 'test', holds: (v: { servers: readonly { role: string; currentTerm: number }[] }) => !v.servers.some((s) => s.role === 'leader' && s.currentTerm >= 2) };
    const run = fuzzRaft({ seed: 3, steps: 5000, invariants: [noSecondTerm] });
    expect(run.violation).toMatchObject({ property: 'NoLeaderAfterTerm1' });
    expect(run.seed).toBe(3);
    // Independently of the checker: the log's last node event shows a leader of term >= 2, and no earlier line does.
    const leaderAt = run.log.findIndex((l) => l.state?.role === 'leader' && (l.state.term ?? 0) >= 2);
    expect(leaderAt).toBe(run.log.length - 1);
    expect(run.violation!.step).toBe(run.log[leaderAt].step);
    // The log up to the violation is still a behaviour of the model.
    expect(validateRaftLog(run.log, model)).toMatchObject({ ok: true });
  });
});
