import { UsageError } from '../model/errors.ts';

/**
 * Command-line values checked before any work starts, each failure a one-line UsageError
 * naming the option, so that a typo costs a second, not a model-checking run.
 */

/** `--max-states 10` -> 10. Example: `positiveInt('--runs', '5') === 5`. */
export function positiveInt(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1 || !Number.isSafeInteger(Number(t))) throw new UsageError(`${option} must be a positive integer, got '${text}'`);
  return Number(t);
}

/** A seed for the simulator: an integer in [0, 2^32), as SeededRandom takes it. */
export function seedValue(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) > 0xffffffff) throw new UsageError(`--seed must be an integer from 0 to ${0xffffffff}, got '${text}'`);
  return Number(t);
}

/** `--time-limit 2.5` (seconds) -> 2500 ms. */
export function secondsToMs(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!/^\d+(\.\d+)?$/.test(t) || Number(t) <= 0) throw new UsageError(`${option} must be a positive number of seconds, got '${text}'`);
  return Math.round(Number(t) * 1000);
}

/** `--param acceptors=3 --param ballots=2` -> `{acceptors: '3', ballots: '2'}`. */
export function keyValues(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--param takes key=value, got '${pair}'`);
    const key = pair.slice(0, at).trim();
    if (key in out) throw new UsageError(`parameter '${key}' is given twice`);
    out[key] = pair.slice(at + 1);
  }
  return out;
}

/** Commander's collector for a repeatable option. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export const STRATEGIES = ['bfs', 'dfs', 'simulate'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

export function strategyValue(text: string | undefined): StrategyName {
  const s = text ?? 'bfs';
  if (!(STRATEGIES as readonly string[]).includes(s)) throw new UsageError(`--strategy must be one of ${STRATEGIES.join(', ')}, got '${s}'`);
  return s as StrategyName;
}

/** Simulation defaults: runs, and steps per run. */
export const DEFAULT_RUNS = 100;
export const DEFAULT_SIMULATION_DEPTH = 100;
