/**
 * A core broke one of its own invariants: a bug in the core (or in whoever fed it a state it
 * could never reach), never a recoverable condition. The message names the invariant.
 */
export class InvariantViolation extends Error {
  constructor(
    readonly invariant: string,
    readonly node: string,
    detail: string,
  ) {
    super(`${node}: invariant ${invariant} broken: ${detail}`);
    this.name = 'InvariantViolation';
  }
}

/**
 * The caller used a core wrongly (a message addressed to another node, an input between
 * `ready()` and `advance()`...): not a protocol bug.
 */
export class CoreUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CoreUsageError';
  }
}

/**
 * Throws an InvariantViolation naming `invariant` unless `cond` holds.
 *
 * Example: `check(next >= prev, 'TermNeverDecreases', 'n1', \`${prev} -> ${next}\`)`.
 */
export function check(cond: boolean, invariant: string, node: string, detail: string | (() => string)): asserts cond {
  if (!cond) throw new InvariantViolation(invariant, node, typeof detail === 'function' ? detail() : detail);
}

/** A majority of `n` voters: more than half. */
export function quorumSize(n: number): number {
  return Math.floor(n / 2) + 1;
}
