import { buildFromRecipe, type ModelRecipe } from '../src/checker/parallel/recipe.ts';
import { withEngine } from '../src/compile/engine.ts';

/**
 * The naive baseline the suite compares against: the reference engine (XState's own
 * `transition()` for every step), states remembered as `JSON.stringify` strings in a
 * `Set<string>`, invariants checked on every new state, under a time limit. What a first
 * model checker over XState would do.
 */
export interface BaselineResult {
  readonly distinctStates: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly complete: boolean;
}

/** Example: `await baseline({ protocol: 'paxos' }, 10_000)`. */
export async function baseline(recipe: ModelRecipe, timeLimitMs: number): Promise<BaselineResult> {
  // withEngine 'xstate': every step is XState's own transition(), no compiled stepper.
  const model = withEngine(await buildFromRecipe({ ...recipe, symmetry: false }), 'xstate');
  const started = performance.now();
  const seen = new Set<string>();
  const queue = model.initialStates().filter((s) => model.withinBounds(s));
  for (const s of queue) seen.add(JSON.stringify(s));
  let complete = true;
  for (let head = 0; head < queue.length; head++) {
    if ((head & 63) === 0 && performance.now() - started > timeLimitMs) {
      complete = false;
      break;
    }
    const state = queue[head];
    for (const action of model.actions(state)) {
      const next = model.nextState(state, action);
      if (next === undefined) continue;
      for (const inv of model.invariants) inv.holds(next);
      if (!model.withinBounds(next)) continue;
      const key = JSON.stringify(next);
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push(next);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { distinctStates: seen.size, seconds, statesPerSecond: Math.round(seen.size / seconds), complete };
}
