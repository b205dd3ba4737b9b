import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { coverageFindings } from '../src/lint/coverage.ts';
import { formatFinding, sortFindings } from '../src/lint/finding.ts';
import { lintProject } from '../src/lint/lint.ts';
import { purityFindings } from '../src/lint/purity.ts';
import { usageFindings } from '../src/lint/usage.ts';
import { loadAllProtocols, loadProtocol } from '../src/registry.ts';
import { runSoffio } from './support/cli-run.ts';
import { lintToy } from './support/lintToy.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A project root holding lintToy.ts as models/linttoy/machine.ts and spec/linttoy/properties.ts. */
const toyRoot = mkdtempSync(join(tmpdir(), 'soffio-lint-'));
for (const folder of ['models/linttoy', 'spec/linttoy']) mkdirSync(join(toyRoot, folder), { recursive: true });
copyFileSync(fileURLToPath(new URL('./support/lintToy.ts', import.meta.url)), join(toyRoot, 'models/linttoy/machine.ts'));
copyFileSync(fileURLToPath(new URL('./support/lintToy.ts', import.meta.url)), join(toyRoot, 'spec/linttoy/properties.ts'));
afterAll(() => rmSync(toyRoot, { recursive: true, force: true }));

const lines = (findings: Parameters<typeof sortFindings>[0]) => sortFindings(findings).map(formatFinding);

describe('soffio lint: models are pure', () => {
  it('reports clocks, randomness, I/O, module state and context changed in place, each at its line', () => {
    const source = [
      "import { readFileSync } from 'node:fs';", // 1
      "import { assign } from 'xstate';", // 2
      'let counter = 0;', // 3
      'const seen: string[] = [];', // 4
      'const LIMITS = { max: 3 };', // 5
      'export const stamp = () => Date.now();', // 6
      'export const pick = () => Math.random();', // 7
      'export function remember(id: string) { seen.push(id); }', // 8
      'export const bump = assign(({ context }: any) => { context.count = context.count + 1; return {}; });', // 9
      'export const sortLog = ({ context }: { context: { log: number[] } }) => context.log.sort();', // 10
      'export const fine = ({ context }: { context: { log: number[] } }) => [...context.log].sort();', // 11
      'export const alsoFine = (performanceScore: number) => LIMITS.max + performanceScore;', // 12
      "console.log('hi');", // 13
      'export type When = Date;', // 14
      'export const shadow = (process: number) => process + 1;', // 15
      'export const copy = { now: 1 }.now;', // 16
    ].join('\n');
    const project = new Project({ useInMemoryFileSystem: true });
    project.createSourceFile('/p/models/x/a.ts', source);
    expect(lines(purityFindings(project, '/p'))).toEqual([
      "models/x/a.ts:1: imports 'node:fs': models do no I/O and read no clock or randomness",
      'models/x/a.ts:3: module-level `let counter`: a model keeps its state in the context, not in the module',
      'models/x/a.ts:6: reads the clock (Date): models must be pure',
      'models/x/a.ts:7: draws randomness (Math.random): models must be pure',
      'models/x/a.ts:8: changes module-level `seen` (`seen.push(id)`): a model keeps its state in the context',
      'models/x/a.ts:9: changes the context in place (`context.count = context.count + 1`): return new values from assign instead',
      'models/x/a.ts:10: changes the context in place (`context.log.sort()`): return new values from assign instead',
      'models/x/a.ts:13: does I/O (console): models must be pure',
    ]);
  });
});

describe('soffio lint: guards, actions, properties and witnesses are all used', () => {
  it('names the guard and the action that setup declares and no transition uses, at their lines', () => {
    // lintToy.ts declares neverChecked on line 20 and neverDone on line 24 (counted in the file).
    expect(lines(usageFindings([lintToy], toyRoot))).toEqual([
      "models/linttoy/machine.ts:20: guard 'neverChecked' of machine 'lintCounter' is declared in setup but used by no transition, entry or exit",
      "models/linttoy/machine.ts:24: action 'neverDone' of machine 'lintCounter' is declared in setup but used by no transition, entry or exit",
    ]);
  });

  it('without the checker: a property that no variant claims to break', () => {
    expect(lines(coverageFindings([lintToy], toyRoot, { check: false }))).toEqual([
      'spec/linttoy/properties.ts:39: property Unbroken of linttoy is broken by no variant: add a variant that violates it, or it may be vacuous',
    ]);
  });

  it('with the checker: a variant whose claimed break does not happen, and a witness never reached', () => {
    // harmless counts to 3 < 4: BelowBad holds in all 4 states (0..3), so the claim is false;
    // overflow reaches 4 and breaks it; the default run reaches n = 3 but never 99.
    expect(lines(coverageFindings([lintToy], toyRoot, { check: true }))).toEqual([
      'models/linttoy/machine.ts:37: variant harmless of linttoy should break BelowBad, but every property holds',
      'spec/linttoy/properties.ts:39: property Unbroken of linttoy is broken by no variant: add a variant that violates it, or it may be vacuous',
      'spec/linttoy/properties.ts:40: witness Unreachable of linttoy is never reached in variant default',
    ]);
  });
});

describe('soffio lint on this project', () => {
  it('the models are pure and use every guard and action they name; every property has a breaking variant', async () => {
    expect(lines(lintProject(ROOT, await loadAllProtocols(), { check: false }))).toEqual([]);
  });

  it('every broken Paxos variant breaks the property it names, and the default reaches every witness', async () => {
    expect(lines(coverageFindings([await loadProtocol('paxos')], ROOT, { check: true }))).toEqual([]);
  });

  it('the command prints file:line findings and exits 1, or exits 0 when clean', async () => {
    const run = await runSoffio(['lint', '--no-check']);
    const findings = lines(lintProject(ROOT, await loadAllProtocols(), { check: false }));
    expect(run.code).toBe(findings.length === 0 ? 0 : 1);
    expect(run.stdout).toBe([...findings, findings.length === 0 ? 'soffio lint: clean' : `soffio lint: ${findings.length} finding${findings.length === 1 ? '' : 's'}`].join('\n') + '\n');
  });
});
