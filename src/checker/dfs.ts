import { propertyNames, type Model } from '../model/model.ts';
import { RunClock } from './clock.ts';
import { stateFingerprint } from './fingerprint.ts';
import { expandState, type Frontier } from './expand.ts';
import { StateGraph } from './graph.ts';
import { MemoryGuard } from './memory.ts';
import { brokenInvariant, WitnessTracker } from './properties.ts';
import { searchResult, type CheckOptions, type CheckResult, type Violation } from './result.ts';

/**
 * Depth-first search: the frontier is a stack, so it holds one path's worth of siblings
 * rather than a whole BFS level. Counts match BFS when both finish; a counterexample is
 * valid but not necessarily the shortest.
 *
 * Example: `dfs(model, { maxDepth: 40 })`.
 */
export function dfs<S, A>(model: Model<S, A>, options: CheckOptions = {}): CheckResult<S, A> {
  const clock = new RunClock(options);
  const memory = new MemoryGuard(options.memoryLimitMb);
  const graph = new StateGraph<S, A>({ allowGrowth: (bytes) => memory.allows(bytes) });
  const witnesses = new WitnessTracker(model.witnesses);
  const stack: Frontier<S>[] = [];
  let generated = 0;
  let maxDepth = 0;
  let steps = 0;
  let violation: Violation<S, A> | undefined;
  let incompleteReason: string | undefined;

  const inits = model.initialStates();
  for (let i = inits.length - 1; i >= 0 && !violation; i--) {
    const state = inits[i];
    generated++;
    const broken = brokenInvariant(model, state);
    if (broken) violation = { property: broken, kind: 'invariant', depth: 0, trace: { states: [state], actions: [] } };
    else if (model.withinBounds(state)) {
      const id = graph.add(stateFingerprint(model, state), -1, i);
      if (id >= 0) {
        witnesses.observe(state);
        stack.push({ state, id, depth: 0 });
      }
    }
  }

  while (!violation && stack.length > 0) {
    if (options.maxStates !== undefined && graph.size >= options.maxStates) {
      incompleteReason = `stopped at --max-states ${options.maxStates}`;
      break;
    }
    if ((steps++ & 255) === 0) {
      if (clock.timeUp()) {
        incompleteReason = `stopped at --time-limit ${Math.round(options.timeLimitMs! / 1000)} s`;
        break;
      }
      clock.tick(() => ({ distinctStates: graph.size, statesGenerated: generated, queue: stack.length, depth: maxDepth }));
    }
    if ((steps & 4095) === 1) {
      const overLimit = memory.exceeded();
      if (overLimit) {
        incompleteReason = overLimit;
        break;
      }
    }
    const { state, id, depth } = stack.pop()!;
    if (depth > maxDepth) maxDepth = depth;
    if (options.maxDepth !== undefined && depth >= options.maxDepth) {
      if (model.actions(state).some((a) => model.nextState(state, a) !== undefined)) incompleteReason ??= `states deeper than --max-depth ${options.maxDepth} were not explored`;
      continue;
    }
    const children: Frontier<S>[] = [];
    const expanded = expandState(model, graph, witnesses, memory, { state, id, depth }, (child) => children.push(child));
    generated += expanded.generated;
    if (expanded.violation) {
      violation = expanded.violation;
      break;
    }
    if (expanded.storeFull) {
      incompleteReason = expanded.storeFull;
      break;
    }
    // Pushed in reverse so the first action is explored first.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    if (expanded.generated === 0 && options.checkDeadlock) {
      violation = { property: 'Deadlock', kind: 'deadlock', depth, trace: graph.trace(model, id) };
    }
  }

  const complete = !violation && !incompleteReason;
  return searchResult(
    model,
    propertyNames(model),
    { strategy: 'dfs', distinctStates: graph.size, statesGenerated: generated, maxDepth, durationMs: clock.elapsedMs(), witnesses: witnesses.report(), violation, incompleteReason },
    graph.figures(generated, complete, (bytes) => memory.allows(bytes)),
  );
}
