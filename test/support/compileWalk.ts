import { isDeepStrictEqual } from 'node:util';
import type { EventObject } from 'xstate';
import { SeededRandom } from '../../src/checker/random.ts';
import { compileMachine } from '../../src/compile/compileMachine.ts';
import { withEngine } from '../../src/compile/engine.ts';
import type { ClusterModel, ClusterState } from '../../src/system/cluster.ts';
import { allMessages } from '../../src/system/network.ts';
import { xstateStepper, type RoleStepper } from '../../src/system/stepper.ts';
import { expectSameStep } from './compileDiff.ts';

/**
 * The differential check on a real cluster model: random walks through the model, and in
 * every state visited, each node's reference and compiled steppers are given every event the
 * model offers that node (local events and deliveries, enabled or not) and every message in
 * flight, whoever it is addressed to. The walk moves with the compiled engine, which is
 * cheaper; every step it takes has just been compared with XState's on the same node state.
 */

export interface WalkTally {
  /** Per role: (node state, event) pairs compared, and how many of them were steps. */
  readonly compared: Record<string, number>;
  readonly stepped: Record<string, number>;
  readonly statesVisited: number;
}

export function walkAndCompare(built: ClusterModel, options: { seed: number; walks: number; depth: number }): WalkTally {
  const model = withEngine(built, 'compiled');
  const def = model.definition;
  const reference = new Map<string, RoleStepper>();
  const compiled = new Map<string, RoleStepper>();
  for (const role of def.roles) {
    reference.set(role.name, xstateStepper(role.machine));
    compiled.set(role.name, compileMachine(role.machine));
  }
  const compared: Record<string, number> = Object.fromEntries(def.roles.map((r) => [r.name, 0]));
  const stepped: Record<string, number> = Object.fromEntries(def.roles.map((r) => [r.name, 0]));
  const where = `${def.protocol} ${def.variant} seed ${options.seed}`;

  for (const n of def.nodes) {
    const a = reference.get(n.role)!.initial(n.input);
    const b = compiled.get(n.role)!.initial(n.input);
    if (!isDeepStrictEqual(a, b) || !isDeepStrictEqual(Object.keys(a.context), Object.keys(b.context))) {
      throw new Error(`${where}: initial state of ${n.id} differs: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }

  const compare = (state: ClusterState, node: string, event: EventObject) => {
    const role = model.roleOf(node).name;
    const o = expectSameStep(reference.get(role)!, compiled.get(role)!, state.nodes[node], event, `${where}, node ${node}`);
    compared[role]++;
    if (o.kind === 'step') stepped[role]++;
  };

  const random = new SeededRandom(options.seed);
  let statesVisited = 0;
  for (let w = 0; w < options.walks; w++) {
    let state = model.initialStates()[0];
    for (let d = 0; d < options.depth; d++) {
      statesVisited++;
      const actions = model.actions(state);
      for (const a of actions) {
        if (a.kind === 'local') compare(state, a.node, a.event);
        else if (a.kind === 'deliver') compare(state, a.node, a.msg);
      }
      for (const msg of allMessages(state.network)) {
        for (const n of def.nodes) if (!state.down.includes(n.id)) compare(state, n.id, msg);
      }
      const successors = actions.map((a) => model.nextState(state, a)).filter((s): s is ClusterState => s !== undefined && model.withinBounds(s));
      if (successors.length === 0) break;
      state = successors[random.below(successors.length)];
    }
  }
  return { compared, stepped, statesVisited };
}
