import type { Params } from '../model/model.ts';
import type { ClusterAction, ClusterState } from '../system/cluster.ts';
import { diffLines, diffStates, networkContents, showValue, stateFields } from './fields.ts';

/**
 * A trace for a person, one line per step and then only what the step changed:
 *
 *     3  acceptor a2 receives Prepare(b=2) from p1
 *         a2.maxBal: -1 -> 2
 *         + Promise(b=2, ...) from a2 to p1
 *
 * The initial state is printed in full, so the changes that follow can be read against it.
 */

export interface RenderInput {
  readonly states: readonly ClusterState[];
  readonly actions: readonly ClusterAction[];
  readonly describe: (action: ClusterAction) => string;
  /** Printed after the last step: the property the trace violates. */
  readonly property?: string;
}

/** `acceptors=3, ballots=2`: the bounds, as printed with every result. */
export function formatParams(params: Params): string {
  const keys = Object.keys(params);
  return keys.length === 0 ? '(none)' : keys.map((k) => `${k}=${params[k]}`).join(', ');
}

/** The lines of a trace. Example: `renderTrace({ states, actions, describe: model.describeAction })`. */
export function renderTrace(input: RenderInput): string[] {
  const { states, actions } = input;
  const width = String(Math.max(0, states.length - 1)).length;
  const number = (i: number) => String(i).padStart(width);
  const lines: string[] = [`${number(0)}  initial state`];
  for (const [field, value] of stateFields(states[0])) lines.push(`    ${field} = ${showValue(value)}`);
  const inFlight = networkContents(states[0].network);
  if (inFlight.size === 0) lines.push('    network: empty');
  for (const [d, n] of inFlight) lines.push(`    network: ${d}${n > 1 ? ` (x${n})` : ''}`);
  for (let i = 0; i < actions.length; i++) {
    lines.push(`${number(i + 1)}  ${input.describe(actions[i])}`);
    const changes = diffLines(diffStates(states[i], states[i + 1]));
    lines.push(...(changes.length > 0 ? changes : ['    (no change)']));
  }
  if (input.property !== undefined) lines.push(`${' '.repeat(width)}  ${input.property === 'Deadlock' ? 'no step is enabled here: Deadlock' : `${input.property} is violated here`}`);
  return lines;
}
