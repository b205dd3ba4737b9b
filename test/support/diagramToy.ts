import { assign, emit, setup, type AnyStateMachine } from 'xstate';
import { clusterModel, type ClusterState } from '../../src/system/cluster.ts';
import { stateOf } from '../../src/system/view.ts';

/**
 * Small machines for the diagram tests, whose expected drawings are worked out by hand from
 * the definitions below.
 */

type JobContext = { attempts: number; data: string | null; ticks: number; log: string[] };
type JobEvent = { type: 'start' | 'reset' | 'cancel' | 'tick' | 'fetched' | 'verdict'; ok?: boolean };

/**
 * A job: `idle`, then `running` (compound: `fetching` and `checking`), ending in `done` or
 * `failed`. It has a transition on the machine (`reset`), transitions on the compound state
 * (`cancel`, guarded, and `tick`, targetless), guarded lists where the first enabled wins,
 * an initial transition with an action, a transition that re-enters its own ancestor
 * (`#job.running` from `checking`) and entry and exit actions.
 */
export function jobMachine(): AnyStateMachine {
  return setup({
    types: {} as { context: JobContext; events: JobEvent },
    guards: {
      isCancellable: ({ context }) => context.attempts < 3,
      isComplete: ({ event }) => event.ok === true,
      hasRetries: ({ context }) => context.attempts < 2,
      isValid: ({ context }) => context.data !== null,
    },
    actions: {
      clearAll: assign({ attempts: 0, data: null, ticks: 0 }),
      recordStart: assign({ log: ({ context }) => [...context.log, 'start'] }),
      announce: emit({ type: 'started' }),
      openLog: assign({ log: ({ context }) => [...context.log, 'open'] }),
      closeLog: assign({ log: ({ context }) => [...context.log, 'close'] }),
      resetAttempts: assign({ attempts: 0 }),
      noteCancel: assign({ log: ({ context }) => [...context.log, 'cancel'] }),
      countTick: assign({ ticks: ({ context }) => context.ticks + 1 }),
      storeData: assign({ data: 'fetched' }),
      retry: assign({ attempts: ({ context }) => context.attempts + 1 }),
      giveUp: assign({ data: null }),
      restartCheck: assign({ data: null }),
      alarm: assign({ log: ({ context }) => [...context.log, 'alarm'] }),
    },
  }).createMachine({
    id: 'job',
    context: { attempts: 0, data: null, ticks: 0, log: [] },
    initial: 'idle',
    on: { reset: { target: '.idle', actions: 'clearAll' } },
    states: {
      idle: { on: { start: { target: 'running', actions: ['recordStart', 'announce'] } } },
      running: {
        entry: 'openLog',
        exit: 'closeLog',
        initial: { target: 'fetching', actions: 'resetAttempts' },
        on: {
          cancel: { guard: 'isCancellable', target: 'idle', actions: 'noteCancel' },
          tick: { actions: 'countTick' },
        },
        states: {
          fetching: {
            on: {
              fetched: [
                { guard: 'isComplete', target: 'checking', actions: 'storeData' },
                { guard: 'hasRetries', target: 'fetching', actions: 'retry' },
                { target: '#job.failed', actions: 'giveUp' },
              ],
            },
          },
          checking: {
            on: {
              verdict: [{ guard: 'isValid', target: '#job.done' }, { target: '#job.running', actions: 'restartCheck' }],
            },
          },
        },
      },
      failed: { entry: 'alarm' },
      done: {},
    },
  });
}

/**
 * Two nodes: `a` rings (a local event) and sends `ding` to `b`, which moves from `waiting`
 * to `heard` when it receives it. Bag network with drop and duplicate, so a trace can show
 * every kind of row.
 */
export function bellModel() {
  const ringer = setup({
    types: {} as { context: Record<string, never>; events: { type: 'ring' } },
    actions: { sendDing: emit({ type: 'ding', from: 'a', to: 'b' }) },
  }).createMachine({ id: 'ringer', context: {}, initial: 'idle', states: { idle: { on: { ring: { target: 'ringing', actions: 'sendDing' } } }, ringing: {} } });
  const listener = setup({
    types: {} as { context: Record<string, never>; events: { type: 'ding' } },
  }).createMachine({ id: 'listener', context: {}, initial: 'waiting', states: { waiting: { on: { ding: { target: 'heard' } } }, heard: {} } });
  return clusterModel({
    protocol: 'bell',
    variant: 'default',
    params: {},
    roles: [
      { name: 'ringer', machine: ringer, receives: [], localEvents: () => [{ type: 'ring' }] },
      { name: 'listener', machine: listener, receives: ['ding'] },
    ],
    nodes: [
      { id: 'a', role: 'ringer', input: undefined },
      { id: 'b', role: 'listener', input: undefined },
    ],
    network: 'bag',
    faults: { drop: true, duplicate: true },
    invariants: [{ name: 'NothingHeard', source: 'test', holds: (s: ClusterState) => stateOf(s, 'b') !== 'heard' }],
    witnesses: [],
  });
}
