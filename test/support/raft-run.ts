import { bfs } from '../../src/checker/bfs.ts';
import { resolveParams, variantOf } from '../../src/model/protocol.ts';
import { clusterModel } from '../../src/system/cluster.ts';
import { protocol } from '../../models/raft/index.ts';

/**
 * Builds a Raft variant with `given` parameters over its defaults and checks it by BFS.
 * With `only`, the model checks that one property (invariant or action property) and no
 * other, to show which variant can break it.
 *
 * Example: `checkRaft('no-log-check', { maxTerm: 2 }, { only: 'StateMachineSafety' })`.
 */
export function checkRaft(variant: string, given: Record<string, string | number | boolean> = {}, options: { only?: string; maxStates?: number } = {}) {
  const params = resolveParams(protocol, variantOf(protocol, variant), given);
  let model = protocol.build(params, variant);
  if (options.only !== undefined) {
    const only = options.only;
    const def = model.definition;
    model = clusterModel({
      ...def,
      invariants: def.invariants.filter((p) => p.name === only),
      actionProperties: (def.actionProperties ?? []).filter((p) => p.name === only),
    });
    if (model.invariants.length + model.actionProperties.length !== 1) throw new Error(`no property ${only}`);
  }
  return bfs(model, { maxStates: options.maxStates });
}
