import { propertyNames, type Model } from '../model/model.ts';
import { RunClock, rate } from './clock.ts';
import { fingerprintWords, optimisticCollisionProbability } from './fingerprint.ts';
import { replayActions } from './graph.ts';
import { MemoryGuard } from './memory.ts';
import { brokenActionProperty, brokenInvariant, WitnessTracker } from './properties.ts';
import { SeededRandom } from './random.ts';
import type { CheckResult, SimulateOptions, Violation } from './result.ts';
import { StoreFullError, VisitedSet } from './visited.ts';

/**
 * Seeded random simulation: `runs` walks of at most `depth` steps, each from an initial state.
 * At every step every successor is checked, as a breadth-first search checks them (action
 * properties, then invariants, whether or not it is within the bounds), and the walk goes on
 * to one chosen uniformly among the successors within the bounds; a run ends early where none
 * is. (Ending a run at the first successor outside the bounds, as TLC's simulation does,
 * ends most Raft runs within three steps: most of a bounded model's successors are outside
 * it, a term or a log one past its bound.) The same seed gives the same runs. A simulation
 * never proves a model correct, so without a violation its result is `incomplete`.
 *
 * Example: `simulate(model, { seed: 7, runs: 100, depth: 50 })`.
 */
export function simulate<S, A>(model: Model<S, A>, options: SimulateOptions): CheckResult<S, A> {
  const clock = new RunClock(options);
  const random = new SeededRandom(options.seed);
  const witnesses = new WitnessTracker(model.witnesses);
  const memory = new MemoryGuard(options.memoryLimitMb);
  // Fingerprints of the states visited, only to count the distinct ones.
  const seen = new VisitedSet({ allowGrowth: (bytes) => memory.allows(bytes) });
  const inits = model.initialStates();
  let generated = 0;
  let maxDepth = 0;
  let runs = 0;
  let violation: Violation<S, A> | undefined;
  let cut: string | undefined;

  /** Counts a visited state; false (and the run is cut) when the fingerprint table may not grow. */
  function see(state: S): boolean {
    try {
      const fp = fingerprintWords(model, state);
      seen.addWords(fp[0], fp[1]);
      return true;
    } catch (error) {
      if (!(error instanceof StoreFullError)) throw error;
      cut = `${memory.storeFullReason(error)} after ${runs} runs`;
      return false;
    }
  }

  runs: for (; runs < options.runs; runs++) {
    if (clock.timeUp()) {
      cut = `stopped at --time-limit ${Math.round(options.timeLimitMs! / 1000)} s after ${runs} runs`;
      break;
    }
    if (options.maxStates !== undefined && seen.size >= options.maxStates) {
      cut = `stopped at --max-states ${options.maxStates} after ${runs} runs`;
      break;
    }
    const overLimit = memory.exceeded();
    if (overLimit) {
      cut = `${overLimit} after ${runs} runs`;
      break;
    }
    const start = inits[random.below(inits.length)];
    const path: A[] = [];
    let state = start;
    generated++;
    const brokenInit = brokenInvariant(model, state);
    if (brokenInit) {
      violation = { property: brokenInit, kind: 'invariant', depth: 0, trace: { states: [state], actions: [] } };
      break;
    }
    if (!see(state)) break;
    witnesses.observe(state);
    for (let step = 0; step < options.depth; step++) {
      clock.tick(() => ({ distinctStates: seen.size, statesGenerated: generated, queue: options.runs - runs, depth: maxDepth }));
      // Each successor is checked as it is made; those within the bounds are kept to walk to.
      const inBounds: { action: A; next: S }[] = [];
      let enabled = 0;
      for (const action of model.actions(state)) {
        const next = model.nextState(state, action);
        if (next === undefined) continue;
        enabled++;
        generated++;
        const brokenStep = brokenActionProperty(model, state, action, next);
        const broken = brokenStep ?? brokenInvariant(model, next);
        if (broken) {
          const trace = replayActions(model, start, [...path, action]);
          maxDepth = Math.max(maxDepth, path.length + 1);
          violation = { property: broken, kind: brokenStep ? 'action' : 'invariant', depth: path.length + 1, trace };
          break runs;
        }
        if (model.withinBounds(next)) inBounds.push({ action, next });
      }
      if (enabled === 0) {
        if (options.checkDeadlock) {
          violation = { property: 'Deadlock', kind: 'deadlock', depth: path.length, trace: replayActions(model, start, path) };
          break runs;
        }
        break;
      }
      if (inBounds.length === 0) break;
      const { action, next } = inBounds[random.below(inBounds.length)];
      path.push(action);
      if (path.length > maxDepth) maxDepth = path.length;
      if (!see(next)) break runs;
      witnesses.observe(next);
      state = next;
    }
  }

  const durationMs = clock.elapsedMs();
  return {
    protocol: model.protocol,
    variant: model.variant,
    params: model.params,
    strategy: 'simulate',
    result: violation ? 'violation' : 'incomplete',
    incompleteReason: violation ? undefined : cut ?? `simulation: ${runs} runs of at most ${options.depth} steps found no violation, but does not explore every state`,
    distinctStates: seen.size,
    statesGenerated: generated,
    maxDepth,
    durationMs: Math.round(durationMs),
    statesPerSecond: rate(generated, durationMs),
    properties: propertyNames(model),
    witnesses: witnesses.report(),
    violation,
    seed: options.seed,
    runs,
    fingerprintCollisionProbability: optimisticCollisionProbability(seen.size, generated),
    storeBytes: seen.byteLength,
  };
}
