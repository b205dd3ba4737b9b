import { resolveParams, variantOf } from '../../model/protocol.ts';
import { loadProtocol } from '../../registry.ts';
import { withEngine, type Engine } from '../../compile/engine.ts';
import type { ClusterModel } from '../../system/cluster.ts';
import { withSymmetry } from '../../symmetry/symmetric.ts';

/**
 * How a worker thread builds the model for itself (a model holds functions and cannot be
 * posted): a protocol of the registry with its variant and parameters, or any exported
 * function of a module (tests use it for hand-made models). Plain JSON, so it can be posted.
 *
 * Example: `{ protocol: 'raft', variant: 'tla', params: { servers: 3 }, symmetry: true }`.
 */
export type ModelRecipe =
  | { readonly protocol: string; readonly variant?: string; readonly params?: Readonly<Record<string, string | number | boolean>>; readonly symmetry?: boolean; readonly engine?: Engine }
  | { readonly module: string; readonly exportName: string; readonly args?: readonly unknown[]; readonly symmetry?: boolean };

/** Builds the model a recipe names. Example: `await buildFromRecipe({ protocol: 'paxos' })`. */
export async function buildFromRecipe(recipe: ModelRecipe): Promise<ClusterModel> {
  let model: ClusterModel;
  if ('protocol' in recipe) {
    const def = await loadProtocol(recipe.protocol);
    const variant = variantOf(def, recipe.variant);
    model = def.build(resolveParams(def, variant, recipe.params ?? {}), variant.name);
    if (recipe.engine && recipe.engine !== 'compiled') model = withEngine(model, recipe.engine);
  } else {
    const mod = (await import(recipe.module)) as Record<string, (...args: unknown[]) => ClusterModel>;
    const make = mod[recipe.exportName];
    if (typeof make !== 'function') throw new Error(`${recipe.module} exports no function ${recipe.exportName}`);
    model = make(...(recipe.args ?? []));
  }
  return recipe.symmetry ? withSymmetry(model) : model;
}
