import { assign, emit, setup, type AnyStateMachine } from 'xstate';
import { retainMessage } from '../../src/system/actions.ts';

/**
 * Toy statecharts that between them use every construct the compiler supports, for the
 * differential tests against XState. Entry, exit and transition actions append to
 * `context.log`, so any difference in which actions run, or in their order, shows in the
 * context; emits show in the sent messages.
 */

export interface ToyEvent {
  readonly type: string;
  readonly k?: number;
  readonly from?: string;
}

type Ctx = { n: number; log: string[]; flag: boolean; extra?: number };
type Ev = { type: string; k?: number; from?: string };

// Typed loosely (`never`) so that one helper serves every action slot of the setup below.
const note = (text: string) => assign({ log: ({ context }: { context: Ctx }) => [...context.log, text] }) as never;

/**
 * The workshop: compound states two levels deep, transitions on ancestors, every kind of
 * target (sibling, sibling path, `.child`, `#id`, `#id.path`, self, ancestor), `reenter`,
 * guarded lists, targetless and inert transitions, initial-transition actions, assign in both
 * forms (one adding a key), static and computed emits, and retainMessage.
 */
export function workshopMachine(): AnyStateMachine {
  return setup({
    types: {} as { context: Ctx; events: Ev; input: { start?: number } | undefined; emitted: { type: string; [field: string]: unknown } },
    guards: {
      kIsZero: ({ event }: { event: Ev }) => event.k === 0,
      kIsOne: ({ event }: { event: Ev }) => event.k === 1,
      nIsEven: ({ context }: { context: Ctx }) => context.n % 2 === 0,
      nBig: ({ context }: { context: Ctx }) => context.n >= 3,
      flagSet: ({ context }: { context: Ctx }) => context.flag,
    },
    actions: {
      rootIn: note('root+'),
      rootOut: note('root-'),
      idleIn: note('idle+'),
      idleOut: note('idle-'),
      parkIn: note('park+'),
      parkOut: note('park-'),
      workIn: note('work+'),
      workOut: note('work-'),
      waitIn: note('wait+'),
      waitOut: note('wait-'),
      busyIn: note('busy+'),
      busyOut: note('busy-'),
      busyInit: note('busy:init'),
      workInit: note('work:init'),
      coldIn: note('cold+'),
      coldOut: note('cold-'),
      hotIn: note('hot+'),
      hotOut: note('hot-'),
      onReset: note('reset'),
      onGo0: note('go0'),
      onBackBlocked: note('back-blocked'),
      onIdlePoke: note('idle-poke'),
      // Both forms of assign; each assigner must see the context before this assign.
      bump: assign({ n: ({ context }) => context.n + 1, log: ({ context }) => [...context.log, `bump@${context.n}`] }),
      toggle: assign(({ context }) => ({ flag: !context.flag, log: [...context.log, `flag@${context.flag}`] })),
      addExtra: assign({ extra: ({ context, event }) => context.n * 10 + (event.k ?? 0) }),
      clearLog: assign({ log: [] as string[] }),
      setFromEvent: assign(({ event }) => ({ n: event.k ?? 0 })),
      sayGo: emit(({ context, event }) => ({ type: 'Went', from: 'toy', to: 'peer', n: context.n, k: event.k ?? -1 })),
      sayPoke: emit({ type: 'Poked', from: 'toy' }),
      sayBye: emit(({ context }) => ({ type: 'Bye', from: 'toy', logLength: context.log.length })),
      echo: emit(({ event }) => ({ type: 'Echo', from: 'toy', to: event.from ?? 'nobody', k: event.k ?? 0 })),
      keep: retainMessage as never,
      keepIfAsked: emit(({ event }) => (event.k === 2 ? { type: 'soffio.retain' } : { type: 'Declined', from: 'toy' })),
    },
  }).createMachine({
    id: 'toy',
    context: ({ input }) => ({ n: input?.start ?? 0, log: [], flag: false }),
    entry: 'rootIn',
    exit: 'rootOut',
    initial: 'idle',
    on: {
      reset: { target: '.idle', actions: 'onReset' },
      poke: { actions: ['bump', 'sayPoke'] },
      noop: {},
      deep: { target: '#toy.work.busy.hot', actions: 'addExtra' },
      hotspot: { target: '#hotspot' },
      rootR: { target: '.work', reenter: true },
      clear: { actions: 'clearLog' },
      set: { actions: 'setFromEvent' },
    },
    states: {
      idle: {
        entry: 'idleIn',
        exit: 'idleOut',
        on: {
          go: [
            { guard: 'kIsZero', target: 'work', actions: 'onGo0' },
            { guard: 'nIsEven', target: 'work.busy', actions: ['bump', 'sayGo'] },
            { target: 'parked' },
          ],
          self: { target: 'idle' },
          selfR: { target: 'idle', reenter: true },
          poke: { guard: 'flagSet', actions: 'onIdlePoke' },
          flip: { actions: 'toggle' },
          tick: { actions: 'bump' },
        },
      },
      parked: {
        entry: ['parkIn', 'keep'],
        exit: 'parkOut',
        on: {
          back: 'idle',
          msg: [{ guard: 'kIsOne', actions: ['echo', 'keep', 'bump'] }, { actions: 'keepIfAsked' }],
          self: { target: 'parked', actions: 'bump' },
        },
      },
      work: {
        entry: 'workIn',
        exit: ['workOut', 'sayBye'],
        initial: 'waiting',
        on: {
          back: { target: 'idle' },
          tick: [{ guard: 'nBig', target: '.busy' }, { actions: 'bump' }],
          self: { target: 'work' },
          selfR: { target: 'work', reenter: true },
          up: { target: '#toy.work' },
          flip: { actions: 'toggle' },
          msg: { actions: 'echo' },
          // To a descendant with reenter: work itself is exited and entered again.
          dive: { target: '.busy.hot', reenter: true },
        },
        states: {
          waiting: {
            entry: 'waitIn',
            exit: 'waitOut',
            on: {
              go: { target: 'busy', actions: 'sayGo' },
              tick: { guard: 'flagSet', target: 'busy' },
              back: { guard: 'kIsZero', actions: 'onBackBlocked' },
              noop: { target: 'waiting' },
            },
          },
          busy: {
            entry: 'busyIn',
            exit: 'busyOut',
            initial: 'cold',
            on: {
              heat: { target: '.hot' },
              cool: '#toy.work.busy.cold',
              up: { target: '#toy.work.waiting' },
              selfR: { target: 'busy', reenter: true, actions: 'bump' },
            },
            states: {
              cold: {
                entry: 'coldIn',
                exit: 'coldOut',
                on: { go: { target: 'hot', actions: 'bump' }, back: { guard: 'kIsOne', target: '#toy.parked' } },
              },
              hot: {
                id: 'hotspot',
                entry: 'hotIn',
                exit: 'hotOut',
                on: {
                  go: { target: 'cold', reenter: true },
                  up: { target: '#toy.work.busy' },
                  deep: { target: 'hot', reenter: true, actions: 'toggle' },
                  self: { target: 'hot' },
                },
              },
            },
          },
        },
      },
    },
  });
}

/** Every event the workshop reacts to somewhere, with the payloads its guards read, and one it ignores. */
export const workshopEvents: readonly ToyEvent[] = [
  ...[0, 1, 2].map((k) => ({ type: 'go', k })),
  { type: 'back', k: 0 },
  { type: 'back', k: 1 },
  { type: 'reset' },
  { type: 'poke' },
  { type: 'noop' },
  { type: 'deep', k: 3 },
  { type: 'hotspot' },
  { type: 'rootR' },
  { type: 'clear' },
  { type: 'set', k: 2 },
  { type: 'set', k: 5 },
  { type: 'self' },
  { type: 'selfR' },
  { type: 'flip' },
  { type: 'tick' },
  { type: 'up' },
  { type: 'heat' },
  { type: 'cool' },
  { type: 'dive' },
  ...[0, 1, 2].map((k) => ({ type: 'msg', k, from: 'p' })),
  { type: 'unknown' },
];

/**
 * A chart whose initial state is nested, with initial-transition actions given in the object
 * form of `initial`, and whose context is a plain object rather than a function of input.
 */
export function nestedInitialMachine(): AnyStateMachine {
  return setup({
    types: {} as { context: { log: string[]; n: number }; events: { type: string } },
    actions: {
      aIn: assign({ log: ({ context }) => [...context.log, 'a+'] }),
      bIn: assign({ log: ({ context }) => [...context.log, 'b+'] }),
      aInit: assign({ log: ({ context }) => [...context.log, 'a:init'], n: ({ context }) => context.n + 1 }),
      ping: emit({ type: 'Ping', from: 'n' }),
    },
  }).createMachine({
    id: 'nested',
    context: { log: [], n: 0 },
    initial: 'a',
    states: {
      a: {
        entry: 'aIn',
        initial: { target: 'b', actions: 'aInit' } as unknown as 'b',
        on: { out: 'c', again: { target: 'a', reenter: true } },
        states: { b: { entry: 'bIn', on: { ping: { actions: 'ping' } } } },
      },
      c: { on: { in: '#nested.a.b', ping: { target: 'c', actions: 'ping' } } },
    },
  });
}

export const nestedInitialEvents: readonly ToyEvent[] = [{ type: 'out' }, { type: 'again' }, { type: 'in' }, { type: 'ping' }, { type: 'other' }];

/** A machine with no states at all: its state value is `{}`. */
export function flatMachine(): AnyStateMachine {
  return setup({
    types: {} as { context: { n: number }; events: { type: string } },
    guards: { small: ({ context }) => context.n < 2 },
    actions: { inc: assign({ n: ({ context }) => context.n + 1 }) },
  }).createMachine({ id: 'flat', context: { n: 0 }, on: { inc: { guard: 'small', actions: 'inc' }, nothing: {} } });
}

export const flatEvents: readonly ToyEvent[] = [{ type: 'inc' }, { type: 'nothing' }];
