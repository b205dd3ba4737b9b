import { UsageError } from '../model/errors.ts';
import type { ClusterAction, ClusterModel, ClusterState } from '../system/cluster.ts';
import { canonical } from '../system/canonical.ts';
import { diffLines, diffStates } from './fields.ts';
import { decodeState, type ParsedTrace } from './itf.ts';

/**
 * Re-executes a recorded trace on a model and checks that every state is the one recorded,
 * as an Apalache or TLC trace is checked against its spec: the trace is evidence only if the
 * model, as it is now, still produces it.
 */

export type ReplayOutcome =
  | { readonly ok: true; readonly steps: number; readonly states: readonly ClusterState[]; readonly confirmed?: string }
  | {
      readonly ok: false;
      /** The first step that diverges (0 is the initial state). */
      readonly step: number;
      readonly reason: string;
      /** The differing fields, recorded -> replayed, as `soffio show` prints them. */
      readonly differences: readonly string[];
    };

/**
 * Replays `trace` on `model`. Throws UsageError when the trace cannot belong to this model
 * (other node ids): that is bad input, not a divergence.
 *
 * Example: `replayTrace(protocol.build(meta.params, meta.variant), fromItf(json)).ok`.
 */
export function replayTrace(model: ClusterModel, trace: ParsedTrace): ReplayOutcome {
  const recorded = trace.states.map((s, i) => decodeState(s, trace.meta.network, `state ${i}`));
  const [first] = model.initialStates();
  const expectedIds = Object.keys(first.nodes).sort();
  recorded.forEach((state, i) => {
    const ids = Object.keys(state.nodes).sort();
    if (canonical(ids) !== canonical(expectedIds)) {
      throw new UsageError(`state ${i} of the trace has nodes ${ids.join(', ') || '(none)'}, but ${model.protocol} (variant ${model.variant}) with these params has ${expectedIds.join(', ')}`);
    }
  });
  if (model.definition.network !== trace.meta.network) {
    throw new UsageError(`the trace records a ${trace.meta.network} network, but ${model.protocol} (variant ${model.variant}) uses a ${model.definition.network} network`);
  }

  const same = (a: ClusterState, b: ClusterState) => model.fingerprint(a) === model.fingerprint(b);
  const differences = (rec: ClusterState, got: ClusterState) => {
    const lines = diffLines(diffStates(rec, got));
    return lines.length > 0 ? lines : ['    the network holds the same messages in another order'];
  };

  const init = model.initialStates().find((s) => same(s, recorded[0]));
  if (!init) return { ok: false, step: 0, reason: 'the initial state is not an initial state of the model', differences: differences(recorded[0], first) };
  const states: ClusterState[] = [init];
  let state = init;
  for (let i = 0; i < trace.actions.length; i++) {
    const action = trace.actions[i];
    const step = i + 1;
    if ('node' in action && !expectedIds.includes(action.node)) return { ok: false, step, reason: `the step names node ${action.node}, which the model does not have`, differences: [] };
    let next: ClusterState | undefined;
    try {
      next = model.nextState(state, action);
    } catch (err) {
      return { ok: false, step, reason: `${describe(model, action)} fails: ${(err as Error).message.split('\n')[0]}`, differences: [] };
    }
    if (next === undefined) return { ok: false, step, reason: `${describe(model, action)} is not enabled`, differences: [] };
    if (!same(next, recorded[step])) return { ok: false, step, reason: `${describe(model, action)} leads to another state than the one recorded`, differences: differences(recorded[step], next) };
    states.push(next);
    state = next;
  }
  const confirmed = confirmViolation(model, trace, states);
  if (typeof confirmed === 'object') return confirmed;
  return { ok: true, steps: trace.actions.length, states, confirmed };
}

function describe(model: ClusterModel, action: ClusterAction): string {
  try {
    return model.describeAction(action);
  } catch {
    return `${action.kind} on ${'node' in action ? action.node : 'the network'}`;
  }
}

/**
 * A counterexample must still break its property at its last step; returns a sentence saying
 * so, a failed outcome when it does not, or undefined for a trace that records no property.
 */
function confirmViolation(model: ClusterModel, trace: ParsedTrace, states: readonly ClusterState[]): string | ReplayOutcome | undefined {
  const { property, propertyKind } = trace.meta;
  if (property === undefined) return undefined;
  const last = states.length - 1;
  const fail = (reason: string): ReplayOutcome => ({ ok: false, step: last, reason, differences: [] });
  if (propertyKind === 'deadlock' || property === 'Deadlock') {
    const stuck = model.actions(states[last]).every((a) => model.nextState(states[last], a) === undefined);
    return stuck ? `the last state has no successor (Deadlock), as recorded` : fail('the trace records a deadlock, but the last state has a successor');
  }
  const invariant = model.invariants.find((p) => p.name === property);
  if (invariant) return invariant.holds(states[last]) ? fail(`${property} holds in the last state, but the trace records its violation`) : `the last state violates ${property}, as recorded`;
  const stepProperty = model.actionProperties.find((p) => p.name === property);
  if (stepProperty) {
    if (last === 0) return fail(`${property} is a property of steps, but the trace has none`);
    const broken = !stepProperty.holds(states[last - 1], trace.actions[last - 1], states[last]);
    return broken ? `the last step violates ${property}, as recorded` : fail(`${property} holds on the last step, but the trace records its violation`);
  }
  return fail(`the trace records a violation of ${property}, which ${model.protocol} (variant ${model.variant}) does not check`);
}
