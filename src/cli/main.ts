import { Command, CommanderError } from 'commander';
import { UsageError } from '../model/errors.ts';
import { loadProtocol, protocolNames } from '../registry.ts';
import type { CheckFlags } from './check.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';
import { collect, DEFAULT_RUNS, DEFAULT_SIMULATION_DEPTH } from './options.ts';

/**
 * The `soffio` command line: list, check, show, replay. Each command's module is imported
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
    .action(async (path: string, flags: { protocol?: string }) => done(await (await import('./replay.ts')).runReplay(path, flags, io)));

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
    io.err('soffio: missing command (list, check, show, replay); try soffio --help\n');
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
