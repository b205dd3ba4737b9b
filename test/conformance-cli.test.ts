import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './support/cli-run.ts';
import { ROOT } from './support/conformance-traces.ts';

const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

describe('soffio replay --impl', () => {
  it('exits 0 when the implementation conforms to a generated trace', async () => {
    const run = await runInProcess(['replay', 'traces/generated/raft/server--leader--AppendEntriesResponse--leader.itf.json', '--impl'], ROOT);
    expect(run.code).toBe(0);
    expect(plain(run.stdout)).toMatch(/^implementation conforms: \d+ steps of raft \(variant default\)/);
  });

  it('exits 1 naming the step, the event and the field when a counterexample diverges', async () => {
    const run = await runInProcess(['replay', 'traces/raft/commit-old-term.itf.json', '--impl'], ROOT);
    expect(run.code).toBe(1);
    const out = plain(run.stdout);
    expect(out).toMatch(/implementation diverges at step 23 of raft \(variant commit-old-term\): server s1 receives AppendEntriesResponse/);
    expect(out).toContain('s1.commitIndex: model 1, implementation 0');
  });

  it('exits 2 with one line for a missing trace file', async () => {
    const run = await runInProcess(['replay', 'no-such-file.itf.json', '--impl'], ROOT);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('soffio fuzz and soffio validate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'soffio-fuzz-'));

  it('fuzz prints its seed, writes a log that validate accepts; a changed line makes validate exit 1 at that line', async () => {
    const log = join(dir, 'run.ndjson');
    const fuzz = await runInProcess(['fuzz', 'raft', '--seed', '31', '--steps', '400', '--log', log], dir);
    expect(fuzz.code).toBe(0);
    expect(plain(fuzz.stdout)).toMatch(/^fuzz raft, seed 31, 400 steps\nok: 400 steps, no invariant broken/);
    const again = await runInProcess(['fuzz', 'raft', '--seed', '31', '--steps', '400', '--log', join(dir, 'again.ndjson')], dir);
    expect(readFileSync(join(dir, 'again.ndjson'), 'utf8')).toBe(readFileSync(log, 'utf8'));
    expect(again.code).toBe(0);

    const valid = await runInProcess(['validate', log, '--protocol', 'raft'], dir);
    expect(valid.code).toBe(0);
    expect(plain(valid.stdout)).toMatch(/^valid: \d+ events/);

    const lines = readFileSync(log, 'utf8').trim().split('\n');
    const at = lines.findIndex((l, i) => i > 50 && l.includes('"event":"receive"'));
    const line = JSON.parse(lines[at]);
    line.state.logLength += 2;
    lines[at] = JSON.stringify(line);
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, lines.join('\n') + '\n');
    const invalid = await runInProcess(['validate', bad, '--protocol', 'raft'], dir);
    expect(invalid.code).toBe(1);
    expect(plain(invalid.stdout)).toContain(`invalid: line ${at + 1} of ${bad}`);
    expect(plain(invalid.stdout)).toContain(`${line.node}.logLength: log ${line.state.logLength}, model ${line.state.logLength - 2}`);
  });

  it('validate exits 2 on a log that is not NDJSON, and for a protocol without logs', async () => {
    const junk = join(dir, 'junk.ndjson');
    writeFileSync(junk, '{"event":"tick"}\nnot json\n');
    expect((await runInProcess(['validate', junk, '--protocol', 'raft'], dir)).code).toBe(2);
    expect((await runInProcess(['validate', junk, '--protocol', 'paxos'], dir)).code).toBe(2);
    expect((await runInProcess(['fuzz', 'paxos'], dir)).code).toBe(2);
  });
});

describe('soffio coverage', () => {
  it('prints transitions covered / total per role of Paxos', async () => {
    const run = await runInProcess(['coverage', 'paxos'], ROOT);
    expect(run.code).toBe(0);
    expect(plain(run.stdout)).toMatch(/proposer: 5\/5 transitions covered\n {2}acceptor: 2\/2 transitions covered\n {2}learner: 1\/1 transitions covered/);
  });
});
