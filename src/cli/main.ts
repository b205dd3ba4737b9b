import { Command, CommanderError } from 'commander';
import { UsageError } from '../model/errors.ts';
import { loadProtocol, protocolNames } from '../registry.ts';
import type { CheckFlags } from './check.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';
import { collect, DEFAULT_RUNS, DEFAULT_SIMULATION_DEPTH } from './options.ts';

/**
 * The `soffio` command line: list, check, show, replay, coverage, validate, fuzz. Each command's module is imported
 * only when it runs, so `--help` and bad usage stay fast.
 */

const VERSION = '0.1.0';

/** The real world: the registry's protocols, stdout and stderr, the current folder. */
export function defaultIo(): CliIo {
  return {
    protocols: { names: protocolNames, load: loadProtocol },
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    interactive: process.stderr.isTTY === true,
    cwd: process.cwd(),
  };
}

function program(io: CliIo, done: (code: ExitCode) => void): Command {
  const root = new Command('soffio')
    .description('A workbench for consensus protocols: XState statecharts, an explicit-state model checker, ITF traces.')
    .version(VERSION)
    .exitOverride()
    .showSuggestionAfterError(true)
    // Commander's own messages are caught below and printed as one `soffio: ...` line.
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: () => {}, outputError: () => {} });

  root
    .command('list')
    .description('list protocols: roles, parameters, variants, properties and witnesses')
    .option('--json', 'print one JSON object')
    .action(async (flags: { json?: boolean }) => done(await (await import('./list.ts')).runList(flags, io)));

  root
    .command('check')
    .description('model-check a protocol; exit 0 ok, 1 violation, 2 bad usage, 3 incomplete')
    .argument('<protocol>', 'protocol name (see soffio list)')
    .option('--variant <name>', 'variant of the protocol (default: its first)')
    .option('--param <key=value>', 'set a parameter; repeatable', collect, [])
    .option('--strategy <name>', 'bfs | dfs | simulate', 'bfs')
    .option('--seed <n>', 'simulation: seed (default: a fresh one, printed)')
    .option('--runs <n>', `simulation: number of runs (default ${DEFAULT_RUNS})`)
    .option('--depth <n>', `simulation: steps per run (default ${DEFAULT_SIMULATION_DEPTH})`)
    .option('--max-states <n>', 'stop after this many distinct states (result incomplete)')
    .option('--max-depth <n>', 'bfs/dfs: do not expand states deeper than this')
    .option('--time-limit <seconds>', 'stop after this long (result incomplete)')
    .option('--memory-limit <MB>', 'stop once the run holds this much memory (result incomplete)')
    .option('--deadlock', 'report a state with no successor as a violation')
    .option('--symmetry', 'symmetry reduction: explore one state per renaming of interchangeable nodes')
    .option('--workers <n>', 'bfs: worker threads sharing one visited table (default 1; auto = one per core)')
    .option('--engine <name>', "how statecharts run: compiled (default) or xstate, XState's own transition() for every step (the reference, many times slower)")
    .option('--trace-out <file>', 'where to write a counterexample (default traces/out/<protocol>-<variant>.itf.json)')
    .option('--json', 'print one JSON object on stdout')
    .action(async (protocol: string, flags: CheckFlags) => done(await (await import('./check.ts')).runCheck(protocol, flags, io)));

  root
    .command('show')
    .description('print an ITF trace for a person: each step and what it changed')
    .argument('<trace>', 'an .itf.json file written by soffio check')
    .option('--protocol <name>', 'fail (exit 2) unless the trace is of this protocol')
    .action(async (path: string, flags: { protocol?: string }) => done(await (await import('./show.ts')).runShow(path, flags, io)));

  root
    .command('replay')
    .description('re-execute a trace on its model; exit 0 when every state matches, 1 naming the first that does not')
    .argument('<trace>', 'an .itf.json file written by soffio check')
    .option('--protocol <name>', 'fail (exit 2) unless the trace is of this protocol')
    .option('--impl', 'replay on the implementation core instead, comparing its abstracted state after every step')
    .action(async (path: string, flags: { protocol?: string; impl?: boolean }) =>
      done(flags.impl ? await (await import('./impl-replay.ts')).runImplReplay(path, flags, io) : await (await import('./replay.ts')).runReplay(path, flags, io)),
    );

  root
    .command('diagram')
    .description("draw a role's statechart (mermaid, dot, svg) or a trace's message sequence chart (mermaid, svg)")
    .argument('<target>', 'a protocol name, or an .itf.json trace file')
    .requiredOption('--format <format>', 'mermaid | dot | svg')
    .option('--role <name>', "protocols: the role to draw (default: the protocol's first)")
    .option('--variant <name>', 'protocols: the variant whose statechart to draw')
    .option('--detail', "protocols: attach each guard's and action's source (SVG tooltips, Mermaid notes)")
    .option('--out <file>', 'write the diagram here instead of printing it')
    .action(async (target: string, flags: import('./diagram.ts').DiagramFlags) => done(await (await import('./diagram.ts')).runDiagram(target, flags, io)));

  root
    .command('quorums')
    .description('whether every Phase 1 quorum meets every Phase 2 quorum (Flexible Paxos), without running a model; exit 0 yes, 1 naming a disjoint pair')
    .requiredOption('--n <n>', 'number of acceptors')
    .option('--q1 <size>', 'Phase 1 quorum size (default: a majority)')
    .option('--q2 <size>', 'Phase 2 quorum size (default: a majority)')
    .option('--grid <RxC>', 'grid quorums: R rows of C acceptors; Phase 1 = a full row, Phase 2 = a full column')
    .option('--json', 'print one JSON object')
    .action(async (flags: import('./quorums.ts').QuorumsFlags) => done(await (await import('./quorums.ts')).runQuorums(flags, io)));

  root
    .command('coverage')
    .description('generate one shortest trace per statechart transition; print transitions covered / total per role')
    .argument('<protocol>', 'protocol name (see soffio list)')
    .option('--param <key=value>', 'set a parameter of the generation bounds; repeatable', collect, [])
    .option('--max-states <n>', 'stop the search after this many distinct states')
    .option('--write', 'write the traces to traces/generated/<protocol>/')
    .action(async (protocol: string, flags: { param?: string[]; maxStates?: string; write?: boolean }) => done(await (await import('../conformance/coverage-command.ts')).runCoverage(protocol, flags, io)));

  root
    .command('validate')
    .description("check an implementation's NDJSON event log against the model; exit 0 valid, 1 naming the first line it cannot explain")
    .argument('<log>', 'an NDJSON event log, as soffio fuzz --log writes')
    .requiredOption('--protocol <name>', 'the protocol the log is of (raft)')
    .option('--variant <name>', 'variant of the model to validate against (default: its first)')
    .action(async (path: string, flags: { protocol: string; variant?: string }) => done(await (await import('./validate.ts')).runValidate(path, flags, io)));

  root
    .command('fuzz')
    .description('run the implementation in a seeded simulated cluster with faults, checking the invariants after every step')
    .argument('<protocol>', 'protocol name (raft)')
    .option('--seed <n>', 'seed (default: a fresh one, printed)')
    .option('--steps <n>', 'steps to run (default 10000)')
    .option('--log <file>', 'write the NDJSON event log here')
    .action(async (protocol: string, flags: { seed?: string; steps?: string; log?: string }) => done(await (await import('./fuzz.ts')).runFuzz(protocol, flags, io)));

  root
    .command('lint')
    .description('check that models are pure and every guard, action, property and witness is used; exit 0 clean, 1 findings')
    .option('--no-check', 'skip the model-checking part (variants break properties, witnesses are reached)')
    .action(async (flags: { check: boolean }) => done(await (await import('./lint.ts')).runLint(flags, io)));

  root
    .command('explore')
    .description('serve the web explorer on 127.0.0.1 (built with Vite on first use and when its sources change)')
    .option('--port <n>', 'port to listen on (default: any free one)')
    .option('--rebuild', 'build the explorer again before serving')
    .action(async (flags: { port?: string; rebuild?: boolean }) => done(await (await import('./explore.ts')).runExplore(flags, io)));

  root
    .command('cluster')
    .description('run a real Raft cluster of processes on 127.0.0.1: start | status | stop | restart <node> | events')
    .argument('<action>', 'start, status, stop, restart, or events (the merged NDJSON event log, for soffio validate)')
    .argument('[node]', 'restart: the node to restart (2 or n2)')
    .requiredOption('--data <dir>', 'the cluster\'s data directory')
    .option('--nodes <n>', 'start: number of nodes', '3')
    .option('--base-port <port>', 'start: node i serves clients on base-port + i - 1', '7000')
    .option('--no-fsync', 'start: do not fsync the WAL (benchmarks only: acknowledged writes may be lost)')
    .option('--json', 'status: print one JSON object')
    .action(async (action: string, node: string | undefined, flags: import('./cluster.ts').ClusterFlags) => done(await (await import('./cluster.ts')).runCluster(action, node, flags, io)));

  return root;
}

/**
 * Runs the CLI on `argv` (without `node` and the script) and returns the exit code rather
 * than exiting, so the process ends only once its output is flushed.
 *
 * Example: `process.exitCode = await main(['check', 'paxos', '--json'])`.
 */
export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<ExitCode> {
  let code: ExitCode | undefined;
  const cli = program(io, (c) => (code = c));
  if (argv.length === 0) {
    io.err('soffio: missing command (list, check, show, replay, coverage, validate, fuzz, lint, explore); try soffio --help\n');
    return EXIT.usage;
  }
  try {
    await cli.parseAsync([...argv], { from: 'user' });
    return code ?? EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
      io.err(`soffio: ${oneLine(err.message.replace(/^error: /, ''))}\n`);
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      io.err(`soffio: ${oneLine(err.message)}\n`);
      return EXIT.usage;
    }
    // A bug, not bad input: still one line, with the stack only when asked for.
    io.err(`soffio: internal error: ${oneLine((err as Error)?.message ?? String(err))}\n`);
    if (process.env.SOFFIO_DEBUG) io.err(`${(err as Error)?.stack ?? ''}\n`);
    return EXIT.internal;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
