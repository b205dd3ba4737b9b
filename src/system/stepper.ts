import { initialTransition, transition, type AnyStateMachine, type StateValue } from 'xstate';
import type { Message } from './message.ts';

/**
 * What the engine knows of one node: its statechart state value and its context. Both are
 * plain JSON, so a state can be encoded, written to a trace and read back.
 */
export interface NodeState {
  readonly value: StateValue;
  readonly context: Readonly<Record<string, unknown>>;
}

/** The outcome of one event on one node. */
export interface StepResult {
  readonly node: NodeState;
  /** Messages the node's actions emitted, in order. */
  readonly sent: readonly Message[];
  /** True when the node asked to keep the delivered message in the network (see `retainMessage`). */
  readonly retained: boolean;
}

/**
 * Turns a role's statechart into the two functions the engine needs. The reference stepper
 * below uses XState's own pure `transition`; a compiled one may replace it as long as it
 * gives the same results.
 */
export interface RoleStepper {
  initial(input: unknown): NodeState;
  /** undefined when no transition is enabled for the event: the step does not exist. */
  step(node: NodeState, event: { type: string }): StepResult | undefined;
}

/** The event a node emits to keep the message it is handling in a bag network. */
export const RETAIN_EVENT = 'soffio.retain';

const EMIT_ACTION = 'xstate.emit';

/** The reference stepper: XState v5's `initialTransition` and `transition`, nothing else. */
export function xstateStepper(machine: AnyStateMachine): RoleStepper {
  return {
    initial(input) {
      const [snapshot, actions] = initialTransition(machine, input);
      if (actions.some((a) => (a.type as string) === EMIT_ACTION)) {
        throw new Error(`machine ${machine.id} emits messages on entry to its initial state; send them from an event instead`);
      }
      return { value: snapshot.value, context: snapshot.context };
    },
    step(node, event) {
      const before = machine.resolveState({ value: node.value, context: node.context });
      const [after, actions] = transition(machine, before, event);
      // XState returns the very same snapshot when no transition is enabled.
      if (after === before && actions.length === 0) return undefined;
      const sent: Message[] = [];
      let retained = false;
      for (const action of actions as readonly { type: string; params?: unknown }[]) {
        if (action.type !== EMIT_ACTION) continue;
        const emitted = (action.params as { event: Message }).event;
        if (emitted.type === RETAIN_EVENT) retained = true;
        else sent.push(emitted);
      }
      return { node: { value: after.value, context: after.context }, sent, retained };
    },
  };
}
