import type { EventObject } from 'xstate';
import type { Message } from '../system/message.ts';
import { RETAIN_EVENT } from '../system/stepper.ts';
import { refusal, type Implementations, type Site } from './chart.ts';

/**
 * Named guards and actions turned into plain functions, with exactly the arguments XState v5
 * gives them: a guard gets `{context, event}` (the context before the step); an action gets
 * `{context, event}` with the context as updated by the actions before it in the same step.
 * Only `assign` and `emit` are actions here: everything else is refused by name.
 */

export type Context = Readonly<Record<string, unknown>>;

/**
 * What the actions of one step send out: the first `count` messages of `sent` (an array the
 * stepper reuses from step to step; shared and empty when nothing can be sent).
 */
export interface Outbox {
  sent: Message[];
  count: number;
  retained: boolean;
}

/** One action: the context after it, given the context before it. */
export type Op = (context: Context, event: EventObject, out: Outbox) => Context;

export interface CompiledAction {
  readonly op: Op;
  readonly kind: 'assign' | 'emit';
  /** False only for an emit that is known, at compile time, to be `retainMessage`. */
  readonly maySend: boolean;
}

export type GuardFn = (args: { context: Context; event: EventObject }, params: undefined) => boolean;

/**
 * The argument XState gives a guard or an action. One object per compiled guard or action is
 * filled in and passed on every call instead of a new one per call (the checker makes
 * millions of calls): pure guards and actions read it and never keep it.
 */
export interface ActionArgs {
  context: Context;
  event: EventObject;
}

export function actionArgs(): ActionArgs {
  return { context: NO_CONTEXT, event: NO_EVENT };
}

const NO_CONTEXT: Context = Object.freeze({});
const NO_EVENT: EventObject = Object.freeze({ type: '' });

type AssignAction = { type: 'xstate.assign'; assignment: unknown };
type EmitAction = { type: 'xstate.emit'; event: unknown };

/** `xstate.raise` -> `raise`; the name a model author wrote. */
function builtinName(type: string): string {
  return type.startsWith('xstate.') ? type.slice('xstate.'.length) : type;
}

/**
 * The guard referenced by a transition, as a function, or null when there is none.
 * Example: `compileGuard(site, impl, 'logIsUpToDate')`.
 */
export function compileGuard(site: Site, impl: Implementations, guard: unknown): GuardFn | null {
  if (guard === undefined) return null;
  if (typeof guard === 'function') {
    if ('check' in guard) throw refusal(site, `guard combinator '${(guard as { name: string }).name}' (inline)`);
    throw refusal(site, 'an inline anonymous guard', false, 'name it in setup');
  }
  if (typeof guard === 'object' && guard !== null) {
    const g = guard as { type: string; params?: unknown };
    if ('params' in g) throw refusal(site, `parameterised guard '${g.type}'`);
    return compileGuard(site, impl, g.type);
  }
  if (typeof guard !== 'string') throw refusal(site, `guard ${String(guard)}`);
  const found = impl.guards[guard];
  if (found === undefined) throw refusal(site, `guard '${guard}' with no implementation in setup`);
  if (typeof found !== 'function') throw refusal(site, `guard '${guard}' defined as a reference to another guard`);
  if ('check' in found) throw refusal(site, `guard combinator '${(found as { name: string }).name}' (guard '${guard}')`);
  return found as GuardFn;
}

/** One action reference of a transition, entry or exit list. */
export function compileAction(site: Site, impl: Implementations, action: unknown): CompiledAction {
  if (typeof action === 'function') {
    const type = (action as { type?: unknown }).type;
    if (typeof type === 'string' && type.startsWith('xstate.')) throw refusal(site, `an inline ${builtinName(type)}(...) action`, false, 'name it in setup');
    throw refusal(site, 'an inline anonymous action', false, 'name it in setup');
  }
  if (typeof action === 'object' && action !== null) {
    const a = action as { type: string; params?: unknown };
    if ('params' in a) throw refusal(site, `parameterised action '${a.type}'`);
    return compileAction(site, impl, a.type);
  }
  if (typeof action !== 'string') throw refusal(site, `action ${String(action)}`);
  const found = impl.actions[action];
  if (found === undefined) throw refusal(site, `action '${action}' with no implementation in setup`);
  const type = (found as { type?: unknown }).type;
  if (typeof found === 'function' && type === 'xstate.assign') return compileAssign((found as unknown as AssignAction).assignment);
  if (typeof found === 'function' && type === 'xstate.emit') return compileEmit((found as unknown as EmitAction).event);
  if (typeof type === 'string' && type.startsWith('xstate.')) throw refusal(site, `${builtinName(type)} action '${action}'`);
  throw refusal(site, `custom action function '${action}'`, false, 'only assign and emit are pure');
}

function compileAssign(assignment: unknown): CompiledAction {
  if (typeof assignment === 'function') {
    const update = assignment as (args: ActionArgs, params: undefined) => object;
    const args = actionArgs();
    // As XState's resolveAssign: a new object, old keys first, then the update's.
    return {
      kind: 'assign',
      maySend: false,
      op: (context, event) => {
        args.context = context;
        args.event = event;
        return Object.assign({}, context, update(args, undefined));
      },
    };
  }
  const props = assignment as Record<string, unknown>;
  const keys = Object.keys(props);
  const values = keys.map((k) => props[k]);
  const isFn = values.map((v) => typeof v === 'function');
  return {
    kind: 'assign',
    maySend: false,
    op: (context, event) => {
      // Every property assigner sees the context before this assign, as in XState.
      const args = { context, event };
      const next: Record<string, unknown> = { ...context };
      for (let i = 0; i < keys.length; i++) {
        next[keys[i]] = isFn[i] ? (values[i] as (a: typeof args, p: undefined) => unknown)(args, undefined) : values[i];
      }
      return next;
    },
  };
}

function compileEmit(eventOrExpr: unknown): CompiledAction {
  if (typeof eventOrExpr === 'function') {
    const make = eventOrExpr as (args: ActionArgs, params: undefined) => Message;
    const args = actionArgs();
    return {
      kind: 'emit',
      maySend: true,
      op: (context, event, out) => {
        args.context = context;
        args.event = event;
        const msg = make(args, undefined);
        if (msg.type === RETAIN_EVENT) out.retained = true;
        else out.sent[out.count++] = msg;
        return context;
      },
    };
  }
  const msg = eventOrExpr as Message;
  if (msg.type === RETAIN_EVENT) {
    return {
      kind: 'emit',
      maySend: false,
      op: (context, _event, out) => {
        out.retained = true;
        return context;
      },
    };
  }
  return {
    kind: 'emit',
    maySend: true,
    op: (context, _event, out) => {
      out.sent[out.count++] = msg;
      return context;
    },
  };
}
