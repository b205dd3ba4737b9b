import { propertyNames, type Model } from '../model/model.ts';
import { RunClock } from './clock.ts';
import { stateFingerprint } from './fingerprint.ts';
import { expandState, type Frontier } from './expand.ts';
import { StateGraph } from './graph.ts';
import { MemoryGuard } from './memory.ts';
import { brokenInvariant, WitnessTracker } from './properties.ts';
import { searchResult, type CheckOptions, type CheckResult, type Violation } from './result.ts';

/**
 * Breadth-first search over distinct states: the first violation found is at the smallest
 * depth, so its trace is a shortest counterexample. Bounds are applied as TLC applies a
 * CONSTRAINT (checked, not counted, not expanded). Distinct states are remembered by 64-bit
 * fingerprint (StateGraph), so the result reports TLC's estimate of a fingerprint collision.
 *
 * Example: `bfs(buildModel('paxos'), { maxStates: 1e6 })`.
 */
export function bfs<S, A>(model: Model<S, A>, options: CheckOptions = {}): CheckResult<S, A> {
  const clock = new RunClock(options);
  const memory = new MemoryGuard(options.memoryLimitMb);
  const graph = new StateGraph<S, A>({ allowGrowth: (bytes) => memory.allows(bytes) });
  const witnesses = new WitnessTracker(model.witnesses);
  // The frontier keeps a state with its graph index and depth; dequeued by a moving head.
  let queue: Frontier<S>[] = [];
  let head = 0;
  let generated = 0;
  let maxDepth = 0;
  let violation: Violation<S, A> | undefined;
  let incompleteReason: string | undefined;

  const inits = model.initialStates();
  for (let i = 0; i < inits.length && !violation; i++) {
    const state = inits[i];
    generated++;
    const broken = brokenInvariant(model, state);
    if (broken) {
      violation = { property: broken, kind: 'invariant', depth: 0, trace: { states: [state], actions: [] } };
      break;
    }
    if (!model.withinBounds(state)) continue;
    const id = graph.add(stateFingerprint(model, state), -1, i);
    if (id < 0) continue;
    witnesses.observe(state);
    queue.push({ state, id, depth: 0 });
  }

  while (!violation && head < queue.length) {
    if (options.maxStates !== undefined && graph.size >= options.maxStates) {
      incompleteReason = `stopped at --max-states ${options.maxStates}`;
      break;
    }
    if ((head & 255) === 0) {
      if (clock.timeUp()) {
        incompleteReason = `stopped at --time-limit ${Math.round(options.timeLimitMs! / 1000)} s`;
        break;
      }
      clock.tick(() => ({ distinctStates: graph.size, statesGenerated: generated, queue: queue.length - head, depth: maxDepth }));
    }
    if ((head & 4095) === 0) {
      const overLimit = memory.exceeded();
      if (overLimit) {
        incompleteReason = overLimit;
        break;
      }
    }
    const { state, id, depth } = queue[head];
    queue[head++] = undefined as never;
    if (head > 65536 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    if (depth > maxDepth) maxDepth = depth;
    if (options.maxDepth !== undefined && depth >= options.maxDepth) {
      if (model.actions(state).some((a) => model.nextState(state, a) !== undefined)) incompleteReason ??= `states deeper than --max-depth ${options.maxDepth} were not explored`;
      continue;
    }
    const expanded = expandState(model, graph, witnesses, memory, { state, id, depth }, (child) => queue.push(child));
    generated += expanded.generated;
    if (expanded.violation) {
      violation = expanded.violation;
      break;
    }
    if (expanded.storeFull) {
      incompleteReason = expanded.storeFull;
      break;
    }
    if (expanded.generated === 0 && options.checkDeadlock) {
      violation = { property: 'Deadlock', kind: 'deadlock', depth, trace: graph.trace(model, id) };
    }
  }

  const complete = !violation && !incompleteReason;
  return searchResult(
    model,
    propertyNames(model),
    { strategy: 'bfs', distinctStates: graph.size, statesGenerated: generated, maxDepth, durationMs: clock.elapsedMs(), witnesses: witnesses.report(), violation, incompleteReason },
    graph.figures(generated, complete, (bytes) => memory.allows(bytes)),
  );
}
