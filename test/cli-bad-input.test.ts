import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bfs } from '../src/checker/bfs.ts';
import { formatTrace } from '../src/trace/file.ts';
import { toItf } from '../src/trace/itf.ts';
import { runAll, runInProcess, type CliRun } from './support/cli-run.ts';
import { counterModel } from './support/toy.ts';

/**
 * Bad usage and bad input to the `soffio` command: each must give exit code 2 and ONE line
 * on stderr naming the problem, with no stack trace and no file left behind. None of these
 * needs a protocol's model to be explored.
 */

let dir: string;
let runs: Record<string, CliRun>;
let filesBefore: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'soffio-cli-bad-'));
  // A genuine trace (of a toy protocol the CLI does not know), then broken copies of it.
  const model = counterModel(3, { badAt: 2 });
  const v = bfs(model).violation!;
  const text = formatTrace(toItf(model, v.trace, { property: v.property, propertyKind: v.kind, producedBy: { tool: 'soffio', command: 'test' } }));
  writeFileSync(join(dir, 'counter.itf.json'), text);
  writeFileSync(join(dir, 'truncated.itf.json'), text.slice(0, Math.floor(text.length / 2)));
  writeFileSync(join(dir, 'garbage.itf.json'), 'this is not JSON\n');
  writeFileSync(join(dir, 'empty.itf.json'), '');
  writeFileSync(join(dir, 'not-itf.json'), JSON.stringify({ hello: 'world' }));
  filesBefore = readdirSync(dir).sort();
  const out = join(dir, 'out.itf.json');
  const cases: Record<string, readonly string[]> = {
    noCommand: [],
    unknownCommand: ['frobnicate'],
    unknownProtocol: ['check', 'nosuch', '--trace-out', out],
    unknownOption: ['check', 'paxos', '--bogus', '--trace-out', out],
    badMaxStates: ['check', 'paxos', '--max-states', 'ten', '--trace-out', out],
    badStrategy: ['check', 'paxos', '--strategy', 'astar', '--trace-out', out],
    badEngine: ['check', 'paxos', '--engine', 'fast', '--trace-out', out],
    seedWithoutSimulation: ['check', 'paxos', '--seed', '3', '--trace-out', out],
    malformedParam: ['check', 'paxos', '--param', 'acceptors', '--trace-out', out],
    missingTrace: ['show', join(dir, 'missing.itf.json')],
    malformedTrace: ['replay', 'garbage.itf.json'],
    truncatedTrace: ['replay', 'truncated.itf.json'],
    truncatedTraceShow: ['show', 'truncated.itf.json'],
    emptyTrace: ['show', 'empty.itf.json'],
    notItf: ['replay', 'not-itf.json'],
    unknownProtocolTrace: ['replay', 'counter.itf.json'],
    otherProtocolTrace: ['replay', 'counter.itf.json', '--protocol', 'paxos'],
  };
  // The inputs the contract lists go through the real command; the rest run in process,
  // through the same main(), to keep the suite quick on a small machine.
  const spawned = ['unknownProtocol', 'unknownOption', 'missingTrace', 'malformedTrace', 'truncatedTrace', 'unknownProtocolTrace', 'otherProtocolTrace'];
  runs = await runAll(Object.fromEntries(spawned.map((name) => [name, { args: cases[name], cwd: dir }])));
  for (const name of Object.keys(cases).filter((n) => !spawned.includes(n))) runs[name] = await runInProcess(cases[name], dir);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const expected: Record<string, RegExp> = {
  noCommand: /missing command/,
  unknownCommand: /unknown command 'frobnicate'/,
  unknownProtocol: /unknown protocol 'nosuch' \(known: .*paxos/,
  unknownOption: /unknown option '--bogus'/,
  badMaxStates: /--max-states must be a positive integer, got 'ten'/,
  badStrategy: /--strategy must be one of bfs, dfs, simulate, got 'astar'/,
  badEngine: /unknown engine 'fast' \(known: compiled, xstate\)/,
  seedWithoutSimulation: /--seed applies only to --strategy simulate/,
  malformedParam: /--param takes key=value, got 'acceptors'/,
  missingTrace: /cannot read trace file '.*missing.itf.json': no such file/,
  malformedTrace: /trace file 'garbage.itf.json' is not valid JSON/,
  truncatedTrace: /trace file 'truncated.itf.json' is not valid JSON, perhaps truncated/,
  truncatedTraceShow: /trace file 'truncated.itf.json' is not valid JSON, perhaps truncated/,
  emptyTrace: /trace file 'empty.itf.json' is empty/,
  notItf: /trace file 'not-itf.json': the trace has no #meta object/,
  unknownProtocolTrace: /trace file 'counter.itf.json': unknown protocol 'counter'/,
  otherProtocolTrace: /trace file 'counter.itf.json' is a trace of counter, not of paxos/,
};

describe('soffio rejects bad input with exit 2 and one line', () => {
  for (const [name, message] of Object.entries(expected)) {
    it(`${name}: ${message.source}`, () => {
      const run = runs[name];
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/^soffio: [^\n]+\n$/);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
    });
  }

  it('leaves no file behind, not even a temporary one', () => {
    expect(readdirSync(dir).sort()).toEqual(filesBefore);
    expect(readFileSync(join(dir, 'garbage.itf.json'), 'utf8')).toBe('this is not JSON\n');
  });
});
