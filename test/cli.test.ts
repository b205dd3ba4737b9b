import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAll, type CliRun } from './support/cli-run.ts';

/**
 * The real `soffio` command (node bin/soffio.mjs) on the real Paxos model. Expected values
 * come from the CLI's contract and from what the protocol declares (`breaks`, property
 * names), never from a previous run's counts. The runs are independent, so they start at
 * once: start-up, not checking, is most of their time.
 */

let dir: string;
let run: Record<string, CliRun>;
/** The same trace, shown, replayed, and replayed after tampering. */
let traceRuns: Record<string, CliRun>;
let tamperedStep: { field: string; recorded: string; replayed: string };

// adopt-empty-promise breaks Validity, which needs no learner: learners=0 keeps the search small.
const broken = ['--variant', 'adopt-empty-promise', '--param', 'learners=0'];
const simulation = [...broken, '--strategy', 'simulate', '--seed', '7', '--runs', '50', '--depth', '20', '--json'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'soffio-cli-'));
  const trace = join(dir, 'broken.itf.json');
  run = await runAll({
    list: { args: ['list', '--json'] },
    ok: { args: ['check', 'paxos', '--param', 'maxBallot=0', '--json'], cwd: dir },
    violation: { args: ['check', 'paxos', ...broken, '--json', '--trace-out', trace], cwd: dir },
    // The same two runs on the reference engine: XState's own transition() for every step.
    reference: { args: ['check', 'paxos', '--param', 'maxBallot=0', '--engine', 'xstate', '--json'], cwd: dir },
    referenceViolation: { args: ['check', 'paxos', ...broken, '--engine', 'xstate', '--json', '--trace-out', 'reference.itf.json'], cwd: dir },
    human: { args: ['check', 'paxos', ...broken, '--trace-out', 'human.itf.json'], cwd: dir },
    incomplete: { args: ['check', 'paxos', '--max-states', '10', '--json'], cwd: dir },
    simulationA: { args: ['check', 'paxos', ...simulation, '--trace-out', 'simA.itf.json'], cwd: dir },
    simulationB: { args: ['check', 'paxos', ...simulation, '--trace-out', 'simB.itf.json'], cwd: dir },
    parallel: { args: ['check', 'paxos', '--param', 'maxBallot=0', '--workers', '2', '--json'], cwd: dir },
    parallelViolation: { args: ['check', 'paxos', ...broken, '--workers', '2', '--json', '--trace-out', 'parallel.itf.json'], cwd: dir },
    parallelMemory: { args: ['check', 'paxos', '--workers', '2', '--memory-limit', '1', '--json'], cwd: dir },
    unknownVariant: { args: ['check', 'paxos', '--variant', 'fast'], cwd: dir },
    unknownParam: { args: ['check', 'paxos', '--param', 'quorum=2'], cwd: dir },
    wrongType: { args: ['check', 'paxos', '--param', 'acceptors=three'], cwd: dir },
    outOfRange: { args: ['check', 'paxos', '--param', 'acceptors=99'], cwd: dir },
  });

  // Step 1 is always a proposer's local event (the network starts empty), so acceptor a1 is
  // untouched there: claiming a1.promised = 7 at step 1 must be caught at step 1.
  const json = JSON.parse(readFileSync(trace, 'utf8'));
  const a1 = json.states[1].nodes['#map'].find((e: [string, unknown]) => e[0] === 'a1')[1];
  tamperedStep = { field: 'a1.promised', recorded: '7', replayed: String(Number(a1.context.promised['#bigint'])) };
  a1.context.promised = { '#bigint': '7' };
  writeFileSync(join(dir, 'tampered.itf.json'), JSON.stringify(json));
  traceRuns = await runAll({
    show: { args: ['show', 'broken.itf.json'], cwd: dir },
    replay: { args: ['replay', 'broken.itf.json', '--protocol', 'paxos'], cwd: dir },
    tampered: { args: ['replay', 'tampered.itf.json'], cwd: dir },
  });
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('soffio list', () => {
  it('lists paxos with its roles, parameters, variants, properties and witnesses', () => {
    expect(run.list.code, run.list.stderr).toBe(0);
    const paxos = JSON.parse(run.list.stdout).protocols.find((p: { name: string }) => p.name === 'paxos');
    expect(paxos.roles).toContain('acceptor');
    expect(paxos.params.find((p: { name: string }) => p.name === 'acceptors')).toMatchObject({ type: 'int', default: 3 });
    expect(paxos.variants.find((v: { name: string }) => v.name === 'adopt-empty-promise')).toMatchObject({ breaks: 'Validity' });
    expect(paxos.properties).toContain('Agreement');
    expect(paxos.witnesses.length).toBeGreaterThan(0);
  });
});

describe('soffio check paxos', () => {
  it('exits 0 when every property holds, with one JSON object of the documented fields and types', () => {
    expect(run.ok.code, run.ok.stderr).toBe(0);
    expect(run.ok.stderr).toBe('');
    const r = JSON.parse(run.ok.stdout);
    expect(r).toMatchObject({ protocol: 'paxos', variant: 'default', strategy: 'bfs', result: 'ok' });
    expect(r.params).toMatchObject({ maxBallot: 0, acceptors: 3 });
    for (const field of ['distinctStates', 'statesGenerated', 'maxDepth', 'durationMs', 'statesPerSecond']) {
      expect(Number.isInteger(r[field]), field).toBe(true);
    }
    expect(r.distinctStates).toBeGreaterThan(1);
    expect(r.statesGenerated).toBeGreaterThanOrEqual(r.distinctStates);
    const listed = JSON.parse(run.list.stdout).protocols.find((p: { name: string }) => p.name === 'paxos');
    expect(r.properties).toEqual(listed.properties);
    expect(Object.keys(r.witnesses)).toEqual(listed.witnesses);
    expect(Object.values(r.witnesses).every((w) => typeof w === 'boolean')).toBe(true);
    expect(r.violation).toBeUndefined();
    expect(r.tracePath).toBeUndefined();
  });

  it('exits 1 on the property a broken variant declares it breaks, and writes that trace', () => {
    expect(run.violation.code, run.violation.stderr).toBe(1);
    const r = JSON.parse(run.violation.stdout);
    expect(r.result).toBe('violation');
    expect(r.violation.property).toBe('Validity');
    expect(r.violation.trace.states).toHaveLength(r.violation.depth + 1);
    expect(r.violation.trace['#meta']).toMatchObject({ format: 'ITF', protocol: 'paxos', variant: 'adopt-empty-promise', property: 'Validity' });
    expect(r.tracePath).toBe(join(dir, 'broken.itf.json'));
    expect(JSON.parse(readFileSync(r.tracePath, 'utf8'))).toEqual(r.violation.trace);
  });

  it('prints the params, the summary and the trace for a person, and where the trace went', () => {
    const out = run.human.stdout;
    expect(run.human.code).toBe(1);
    expect(out).toContain('params: proposers=2, acceptors=3, values=2, maxBallot=1, learners=0');
    expect(out).toMatch(/result: VIOLATION of Validity \(invariant\) at depth \d+/);
    for (const label of ['distinct states', 'states generated', 'depth', 'time', 'states/s', 'properties', 'witnesses']) expect(out).toMatch(new RegExp(`^  ${label}\\s+\\S`, 'm'));
    expect(out).toMatch(/^ *1  proposer p\d /m);
    expect(out).toContain('Validity is violated here');
    expect(out).toContain('trace written to human.itf.json');
    expect(existsSync(join(dir, 'human.itf.json'))).toBe(true);
    // No progress line when stderr is not a terminal.
    expect(run.human.stderr).toBe('');
  });

  it('--engine xstate, the reference, explores the same graph and finds the same shortest violation', () => {
    expect(run.reference.code, run.reference.stderr).toBe(0);
    const [usual, reference] = [run.ok, run.reference].map((r) => JSON.parse(r.stdout));
    expect([reference.distinctStates, reference.statesGenerated, reference.maxDepth]).toEqual([usual.distinctStates, usual.statesGenerated, usual.maxDepth]);
    expect(run.referenceViolation.code, run.referenceViolation.stderr).toBe(1);
    const [found, foundByReference] = [run.violation, run.referenceViolation].map((r) => JSON.parse(r.stdout).violation);
    expect([foundByReference.property, foundByReference.depth]).toEqual([found.property, found.depth]);
    // The trace says how to repeat the run, engine included.
    expect(foundByReference.trace['#meta'].producedBy.command).toMatch(/ --engine xstate/);
  });

  it('--workers 2 explores the same graph, finds a violation at the same depth with its trace, and stops at --memory-limit', () => {
    expect(run.parallel.code, run.parallel.stderr).toBe(0);
    const [one, two] = [JSON.parse(run.ok.stdout), JSON.parse(run.parallel.stdout)];
    expect([two.distinctStates, two.statesGenerated]).toEqual([one.distinctStates, one.statesGenerated]);
    expect(run.parallelViolation.code, run.parallelViolation.stderr).toBe(1);
    const [seq, par] = [JSON.parse(run.violation.stdout), JSON.parse(run.parallelViolation.stdout)];
    expect(par.violation.property).toBe(seq.violation.property);
    expect(par.violation.depth).toBe(seq.violation.depth);
    expect(JSON.parse(readFileSync(join(dir, 'parallel.itf.json'), 'utf8')).states).toHaveLength(seq.violation.depth + 1);
    expect(run.parallelMemory.code, run.parallelMemory.stderr).toBe(3);
    expect(JSON.parse(run.parallelMemory.stdout).incompleteReason).toMatch(/--memory-limit 1 MB/);
  });

  it('exits 3 when --max-states cuts the search', () => {
    expect(run.incomplete.code, run.incomplete.stderr).toBe(3);
    expect(JSON.parse(run.incomplete.stdout)).toMatchObject({ result: 'incomplete', distinctStates: 10 });
  });

  it('gives the same result twice from the same simulation seed, and reports the seed', () => {
    const a = JSON.parse(run.simulationA.stdout);
    const b = JSON.parse(run.simulationB.stdout);
    expect(a.seed).toBe(7);
    expect(run.simulationA.code).toBe(run.simulationB.code);
    const stable = (r: Record<string, unknown>) => ({ ...r, durationMs: 0, statesPerSecond: 0, tracePath: undefined });
    expect(stable(a)).toEqual(stable(b));
  });

  describe('rejects bad parameters with exit 2 and one line', () => {
    const cases: Record<string, RegExp> = {
      unknownVariant: /^soffio: unknown variant 'fast' of paxos \(known: default, .*minority-quorum/,
      unknownParam: /^soffio: unknown parameter 'quorum' of paxos/,
      wrongType: /^soffio: parameter 'acceptors' of paxos must be an integer, got 'three'/,
      outOfRange: /^soffio: parameter 'acceptors' of paxos must be between 1 and 7, got 99/,
    };
    for (const [name, message] of Object.entries(cases)) {
      it(name, () => {
        expect(run[name].code).toBe(2);
        expect(run[name].stderr).toMatch(message);
        expect(run[name].stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(run[name].stdout).toBe('');
      });
    }

    it('and leaves no trace file behind', () => {
      expect(readdirSync(dir).filter((f) => f.startsWith('.') || f === 'traces')).toEqual([]);
    });
  });
});

describe('soffio show and replay on a paxos counterexample', () => {
  it('show prints one line per step and the fields it changed', () => {
    expect(traceRuns.show.code, traceRuns.show.stderr).toBe(0);
    const depth = JSON.parse(run.violation.stdout).violation.depth;
    const stepLines = traceRuns.show.stdout.split('\n').filter((l) => /^ *\d+  /.test(l));
    expect(stepLines).toHaveLength(depth + 1);
    expect(stepLines[0]).toMatch(/^ *0  initial state$/);
    expect(traceRuns.show.stdout).toMatch(/^ *1  proposer p\d .*\n {4}p\d\.\w+: .+ -> .+\n/m);
    expect(traceRuns.show.stdout).toMatch(/^ {4}\+ Prepare\(.*\) from p\d$/m);
  });

  it('replay exits 0 when every recorded state is reproduced', () => {
    expect(traceRuns.replay.code, traceRuns.replay.stderr + traceRuns.replay.stdout).toBe(0);
    expect(traceRuns.replay.stdout).toContain('every state matches the recording');
    expect(traceRuns.replay.stdout).toContain('the last state violates Validity, as recorded');
  });

  it('replay exits 1 on a tampered trace, naming the step and the field', () => {
    expect(traceRuns.tampered.code, traceRuns.tampered.stderr).toBe(1);
    expect(traceRuns.tampered.stdout).toMatch(/replay diverges at step 1 of paxos \(variant adopt-empty-promise\)/);
    expect(traceRuns.tampered.stdout).toContain(`    ${tamperedStep.field}: ${tamperedStep.recorded} -> ${tamperedStep.replayed}`);
  });
});
