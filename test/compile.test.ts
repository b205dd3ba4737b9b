import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { and, assign, cancel, emit, enqueueActions, fromCallback, log, not, or, raise, sendTo, setup, spawnChild, stopChild, type AnyStateMachine } from 'xstate';
import { compileMachine } from '../src/compile/compileMachine.ts';
import { xstateStepper, type NodeState, type RoleStepper } from '../src/system/stepper.ts';
import { flatEvents, flatMachine, nestedInitialEvents, nestedInitialMachine, workshopEvents, workshopMachine, type ToyEvent } from './support/compileCharts.ts';
import { difference, expectSameStep, outcomeOf } from './support/compileDiff.ts';

/**
 * The compiled statechart against XState itself, on toy charts that use every supported
 * construct: random event sequences (fast-check) must give the same outcome at every step,
 * a few steps are checked against outcomes worked out by hand from XState v5's documented
 * semantics, and every unsupported construct is refused by name.
 */

/** Feeds `events` from the initial state; compares both engines on every one; returns the steps taken. */
function replay(machine: AnyStateMachine, input: unknown, events: readonly ToyEvent[]): number {
  const reference = xstateStepper(machine);
  const compiled = compileMachine(machine);
  let node = reference.initial(input);
  expect(compiled.initial(input)).toEqual(node);
  let taken = 0;
  for (const event of events) {
    const outcome = expectSameStep(reference, compiled, node, event, machine.id);
    if (outcome.kind === 'step') {
      node = outcome.result.node;
      taken++;
    }
  }
  return taken;
}

describe('compiled statecharts agree with XState on random event sequences', () => {
  const cases: [string, () => AnyStateMachine, readonly ToyEvent[], number][] = [
    ['workshop (nesting, every target form, reenter, guards, assign, emit, retain)', workshopMachine, workshopEvents, 3000],
    ['nested initial states with initial-transition actions', nestedInitialMachine, nestedInitialEvents, 1000],
    ['a machine with no states', flatMachine, flatEvents, 500],
  ];
  for (const [name, make, events, runs] of cases) {
    it(name, () => {
      const machine = make();
      let steps = 0;
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 4 }), fc.array(fc.constantFrom(...events), { minLength: 1, maxLength: 30 }), (start, seq) => {
          steps += replay(machine, { start }, seq);
        }),
        { numRuns: runs },
      );
      // The sequences must actually move the chart, not only be refused.
      expect(steps).toBeGreaterThan(runs);
    });
  }

  it('the random sequences reach every leaf state of the workshop', () => {
    const machine = workshopMachine();
    const reference = xstateStepper(machine);
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...workshopEvents), { maxLength: 30 }), (seq) => {
        let node = reference.initial(undefined);
        for (const event of seq) {
          const o = outcomeOf(reference, node, event);
          if (o.kind === 'step') node = o.result.node;
          seen.add(JSON.stringify(node.value));
        }
      }),
      { numRuns: 300 },
    );
    // Counted by hand from the chart: idle, parked, work.waiting, work.busy.cold, work.busy.hot.
    expect([...seen].sort()).toEqual(['"idle"', '"parked"', '{"work":"waiting"}', '{"work":{"busy":"cold"}}', '{"work":{"busy":"hot"}}']);
  });
});

describe('compiled steps match outcomes worked out by hand', () => {
  const compiled = compileMachine(workshopMachine());
  const start = compiled.initial({ start: 2 });
  const step = (node: NodeState, event: ToyEvent) => compiled.step(node, event);

  it('initial state: root then idle entered, context from input', () => {
    expect(start).toEqual({ value: 'idle', context: { n: 2, log: ['root+', 'idle+'], flag: false } });
  });

  it('a transition from the root to a deep #id target exits innermost first, runs its actions, enters outermost first without default entry of the target', () => {
    const r = step(start, { type: 'deep', k: 3 })!;
    expect(r.node.value).toEqual({ work: { busy: 'hot' } });
    expect(r.node.context).toEqual({ n: 2, log: ['root+', 'idle+', 'idle-', 'work+', 'busy+', 'hot+'], flag: false, extra: 23 });
    expect(Object.keys(r.node.context)).toEqual(['n', 'log', 'flag', 'extra']);
    expect(r.sent).toEqual([]);
    expect(r.retained).toBe(false);
  });

  it('the first enabled candidate of a guarded list wins (n even: second candidate)', () => {
    const r = step(start, { type: 'go', k: 2 })!;
    expect(r.node.value).toEqual({ work: { busy: 'cold' } });
    // Exit idle, bump (sees n = 2), emit with n = 3, enter work, busy, cold.
    expect(r.node.context.log).toEqual(['root+', 'idle+', 'idle-', 'bump@2', 'work+', 'busy+', 'cold+']);
    expect(r.sent).toEqual([{ type: 'Went', from: 'toy', to: 'peer', n: 3, k: 2 }]);
  });

  it('a self-transition without reenter and without actions is no step; with reenter it exits and re-enters', () => {
    expect(step(start, { type: 'self' })).toBeUndefined();
    const r = step(start, { type: 'selfR' })!;
    expect(r.node.value).toBe('idle');
    expect(r.node.context.log).toEqual(['root+', 'idle+', 'idle-', 'idle+']);
  });

  it('targeting the compound source itself re-enters only its descendants; reenter exits it too', () => {
    const waiting = step(start, { type: 'go', k: 0 })!.node;
    expect(waiting.value).toEqual({ work: 'waiting' });
    const base = waiting.context.log as string[];
    const self = step(waiting, { type: 'self' })!;
    expect(self.node.context.log).toEqual([...base, 'wait-', 'wait+']);
    expect(self.sent).toEqual([]);
    const reenter = step(waiting, { type: 'selfR' })!;
    expect(reenter.node.context.log).toEqual([...base, 'wait-', 'work-', 'work+', 'wait+']);
    // work's exit emits Bye with the log as it is after work- was appended.
    expect(reenter.sent).toEqual([{ type: 'Bye', from: 'toy', logLength: base.length + 2 }]);
  });

  it('a reentering transition to a descendant exits and re-enters its source', () => {
    const waiting = step(start, { type: 'go', k: 0 })!.node;
    const base = waiting.context.log as string[];
    const r = step(waiting, { type: 'dive' })!;
    expect(r.node.value).toEqual({ work: { busy: 'hot' } });
    expect(r.node.context.log).toEqual([...base, 'wait-', 'work-', 'work+', 'busy+', 'hot+']);
    expect(r.sent).toEqual([{ type: 'Bye', from: 'toy', logLength: base.length + 2 }]);
  });

  it('the deeper state handles an event before its ancestor, and an unhandled event is no step', () => {
    const waiting = step(start, { type: 'go', k: 0 })!.node;
    // waiting's own `back` is guarded by k = 0; otherwise work's `back` to idle applies.
    expect(step(waiting, { type: 'back', k: 0 })!.node.value).toEqual({ work: 'waiting' });
    expect(step(waiting, { type: 'back', k: 1 })!.node.value).toBe('idle');
    expect(step(waiting, { type: 'unknown' })).toBeUndefined();
    expect(step(start, { type: 'noop' })).toBeUndefined();
  });

  it('retainMessage sets retained without sending, a computed emit can retain too', () => {
    // With n odd, `go` (k = 1) falls through to the third candidate: parked.
    const odd = compiled.initial({ start: 1 });
    const r = step(odd, { type: 'go', k: 1 })!;
    expect(r.node.value).toBe('parked');
    // parked's entry retains: the emit of `soffio.retain` is not a message.
    expect(r.retained).toBe(true);
    expect(r.sent).toEqual([]);
    const asked = step(r.node, { type: 'msg', k: 2, from: 'p' })!;
    expect(asked.retained).toBe(true);
    expect(asked.sent).toEqual([]);
    const declined = step(r.node, { type: 'msg', k: 0, from: 'p' })!;
    expect(declined.retained).toBe(false);
    expect(declined.sent).toEqual([{ type: 'Declined', from: 'toy' }]);
    const echoed = step(r.node, { type: 'msg', k: 1, from: 'p' })!;
    expect(echoed.sent).toEqual([{ type: 'Echo', from: 'toy', to: 'p', k: 1 }]);
    expect(echoed.retained).toBe(true);
    expect(echoed.node.context.n).toBe(2);
  });
});

describe('the differential check itself', () => {
  it('notices a stepper that runs the same actions in another order', () => {
    const machine = workshopMachine();
    const reference = xstateStepper(machine);
    const good = compileMachine(machine);
    const reversed: RoleStepper = {
      initial: good.initial,
      step(node, event) {
        const r = good.step(node, event);
        return r && { ...r, node: { value: r.node.value, context: { ...r.node.context, log: [...(r.node.context.log as string[])].reverse() } } };
      },
    };
    const node = reference.initial({ start: 2 });
    const event = { type: 'deep', k: 3 };
    expect(difference(outcomeOf(reference, node, event), outcomeOf(good, node, event))).toBeUndefined();
    expect(difference(outcomeOf(reference, node, event), outcomeOf(reversed, node, event))).toMatch(/^context /);
  });
});

describe('both engines refuse a machine that emits on entry to its initial state', () => {
  it('throws from initial() in both', () => {
    const machine = setup({ actions: { hello: emit({ type: 'Hello' }) } }).createMachine({ id: 'eager', initial: 'a', states: { a: { entry: 'hello' } } });
    expect(() => xstateStepper(machine).initial(undefined)).toThrow(/emits messages on entry/);
    expect(() => compileMachine(machine).initial(undefined)).toThrow(/emits messages on entry/);
  });
});

describe('unsupported constructs are refused with their name and state', () => {
  const noop = fromCallback(() => () => {});
  const g = setup({ guards: { yes: () => true, no: () => false } });
  const cases: [string, () => AnyStateMachine, RegExp][] = [
    ['always', () => createPlain({ a: { always: { target: 'b' } }, b: {} }), /'always' transitions at state 'a' are not supported/],
    ['after', () => createPlain({ a: { after: { 100: 'b' } }, b: {} }), /'after' \(delayed\) transitions at state 'a'/],
    ['invoke', () => setup({ actors: { noop } }).createMachine({ id: 'm', initial: 'a', states: { a: { invoke: { src: 'noop' } } } }), /'invoke' at state 'a'/],
    ['onDone', () => createPlain({ a: { initial: 'x', states: { x: {} }, onDone: 'b' }, b: {} }), /'onDone' transitions at state 'a'/],
    ['parallel states', () => createPlain({ a: { type: 'parallel', states: { r1: {}, r2: {} } } }), /parallel states at state 'a'/],
    ['history states', () => createPlain({ a: { initial: 'x', states: { x: {}, h: { type: 'history' } } } }), /history states at state 'a.h'/],
    ['final states', () => createPlain({ a: { on: { e: 'b' } }, b: { type: 'final' } }), /final states at state 'b'/],
    ['wildcard events', () => createPlain({ a: { on: { '*': 'b' } }, b: {} }), /wildcard event descriptor '\*' at state 'a'/],
    ['raise', () => withAction(raise({ type: 'x' })), /raise action 'act' at state 'a'/],
    ['sendTo', () => withAction(sendTo('someone', { type: 'x' })), /sendTo action 'act'/],
    ['log', () => withAction(log('hello')), /log action 'act'/],
    ['enqueueActions', () => withAction(enqueueActions(() => {})), /enqueueActions action 'act'/],
    ['cancel', () => withAction(cancel('t')), /cancel action 'act'/],
    ['stopChild', () => withAction(stopChild('c')), /stopChild action 'act'/],
    ['spawnChild', () => withAction(spawnChild(noop)), /spawnChild action 'act'/],
    ['custom action function', () => withAction(() => {}), /custom action function 'act'/],
    ['inline anonymous action', () => createPlain({ a: { on: { e: { actions: () => {} } } } }), /inline anonymous action/],
    ['inline assign', () => createPlain({ a: { on: { e: { actions: assign({}) } } } }), /inline assign\(\.\.\.\) action/],
    ['inline anonymous guard', () => createPlain({ a: { on: { e: { guard: () => true, target: 'a' } } } }), /inline anonymous guard at state 'a'/],
    ['inline and', () => g.createMachine({ id: 'm', initial: 'a', states: { a: { on: { e: { guard: and(['yes', 'no']) } } } } }), /guard combinator 'and'/],
    ['named or', () => setup({ guards: { yes: () => true, either: or(['yes', 'yes']) } }).createMachine({ id: 'm', initial: 'a', states: { a: { on: { e: { guard: 'either' } } } } }), /guard combinator 'or' \(guard 'either'\)/],
    ['inline not', () => g.createMachine({ id: 'm', initial: 'a', states: { a: { on: { e: { guard: not('yes') } } } } }), /guard combinator 'not'/],
    ['parameterised guard', () => setup({ guards: { over: (_: unknown, p: { x: number }) => p.x > 0 } }).createMachine({ id: 'm', initial: 'a', states: { a: { on: { e: { guard: { type: 'over', params: { x: 1 } } } } } } }), /parameterised guard 'over' at state 'a'/],
    ['parameterised action', () => setup({ actions: { say: emit({ type: 'x' }) } }).createMachine({ id: 'm', initial: 'a', states: { a: { entry: { type: 'say', params: { y: 2 } } } } }), /parameterised action 'say' at state 'a'/],
    ['unknown guard name', () => createPlain({ a: { on: { e: { guard: 'nowhere' } } } }), /guard 'nowhere' with no implementation/],
  ];
  for (const [name, make, message] of cases) {
    it(`refuses ${name}`, () => {
      const machine = make();
      expect(() => compileMachine(machine)).toThrow(message);
      expect(() => compileMachine(machine)).toThrow(/^cannot compile machine 'm': /);
    });
  }
});

function createPlain(states: Record<string, unknown>): AnyStateMachine {
  return setup({}).createMachine({ id: 'm', initial: Object.keys(states)[0], states } as never) as unknown as AnyStateMachine;
}

function withAction(action: unknown): AnyStateMachine {
  return setup({ actions: { act: action as never } }).createMachine({ id: 'm', initial: 'a', states: { a: { on: { e: { actions: 'act' } } } } });
}
