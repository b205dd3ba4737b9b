import { isDeepStrictEqual } from 'node:util';
import type { EventObject } from 'xstate';
import type { NodeState, RoleStepper, StepResult } from '../../src/system/stepper.ts';

/**
 * The differential check: one (node state, event) given to the reference stepper (XState)
 * and to the compiled one must give the same outcome: both no step, both the same error, or
 * the same state value, the same context (deep-equal, same keys in the same order), the same
 * messages in the same order and the same retained flag.
 */

export type Outcome = { readonly kind: 'none' } | { readonly kind: 'threw'; readonly message: string } | { readonly kind: 'step'; readonly result: StepResult };

export function outcomeOf(stepper: RoleStepper, node: NodeState, event: EventObject): Outcome {
  try {
    const result = stepper.step(node, event);
    return result === undefined ? { kind: 'none' } : { kind: 'step', result };
  } catch (err) {
    return { kind: 'threw', message: (err as Error).message };
  }
}

/** The first difference between two outcomes, in words; undefined when they agree. */
export function difference(reference: Outcome, compiled: Outcome): string | undefined {
  if (reference.kind !== compiled.kind) return `reference ${describe(reference)} but compiled ${describe(compiled)}`;
  if (reference.kind !== 'step' || compiled.kind !== 'step') return undefined;
  const a = reference.result;
  const b = compiled.result;
  if (!isDeepStrictEqual(a.node.value, b.node.value)) return `value ${JSON.stringify(a.node.value)} vs ${JSON.stringify(b.node.value)}`;
  if (!isDeepStrictEqual(Object.keys(a.node.context), Object.keys(b.node.context))) return `context keys ${Object.keys(a.node.context)} vs ${Object.keys(b.node.context)}`;
  if (!isDeepStrictEqual(a.node.context, b.node.context)) return `context ${JSON.stringify(a.node.context)} vs ${JSON.stringify(b.node.context)}`;
  if (!isDeepStrictEqual(a.sent, b.sent)) return `sent ${JSON.stringify(a.sent)} vs ${JSON.stringify(b.sent)}`;
  if (a.retained !== b.retained) return `retained ${a.retained} vs ${b.retained}`;
  return undefined;
}

function describe(o: Outcome): string {
  if (o.kind === 'none') return 'takes no step';
  if (o.kind === 'threw') return `throws '${o.message}'`;
  return `steps to ${JSON.stringify(o.result.node.value)}`;
}

/** Compares both steppers on (node, event); throws with the whole situation when they differ. */
export function expectSameStep(reference: RoleStepper, compiled: RoleStepper, node: NodeState, event: EventObject, where: string): Outcome {
  const ref = outcomeOf(reference, node, event);
  const diff = difference(ref, outcomeOf(compiled, node, event));
  if (diff !== undefined) {
    throw new Error(`${where}: engines differ on event ${JSON.stringify(event)} in state ${JSON.stringify(node)}: ${diff}`);
  }
  return ref;
}
