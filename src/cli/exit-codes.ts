/**
 * The exit codes of every `soffio` command, a contract scripts and CI rely on.
 * Example: `soffio check paxos; echo $?` prints 0 when every property holds.
 */
export const EXIT = {
  /** Every property holds in every reachable state; or a replay matched. */
  ok: 0,
  /** A property is violated; or a replay diverged from its recording. */
  violation: 1,
  /** Bad usage or bad input: one line on stderr says which. */
  usage: 2,
  /** The run stopped at a limit (or was a simulation) before it could say "ok". */
  incomplete: 3,
  /** A bug in Soffio or in a model, not in the input. */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
