import type { ClusterAction, ClusterModel, ClusterState } from '../system/cluster.ts';

/**
 * How a protocol's implementation core is held to its model, one model action at a time. An
 * adapter owns the running cores and a simulated network of the messages they sent; it maps
 * each model action to the core's inputs (README.md has the table), and reads the cores back
 * through their abstraction functions to compare with the model's state.
 */
export interface ImplAdapter {
  /**
   * Performs `action` (taken by the model from `before`) on the cores. Returns undefined when
   * the cores could take it, or a sentence saying why they could not (e.g. the model delivers
   * a message the implementation never sent).
   */
  apply(action: ClusterAction, before: ClusterState): string | undefined;
  /** The fields where the implementation differs from `state`, as `field: model X, implementation Y`; empty when they agree. */
  compare(state: ClusterState): string[];
}

/** Builds an adapter for one model (its node ids and parameters). */
export type AdapterFactory = (model: ClusterModel) => ImplAdapter;

/**
 * Field-level differences between two plain records, one line per field.
 * Example: `fieldDiff('a1', {maxBal: 1}, {maxBal: 0})` is `['a1.maxBal: model 1, implementation 0']`.
 */
export function fieldDiff(prefix: string, model: Readonly<Record<string, unknown>>, impl: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const key of Object.keys(model)) {
    const a = JSON.stringify(model[key]);
    const b = JSON.stringify(impl[key]);
    if (a !== b) out.push(`${prefix}.${key}: model ${a}, implementation ${b}`);
  }
  return out;
}

/**
 * The difference between two multisets of messages given by canonical key -> copies.
 * Example: model {k: 1}, implementation {} gives `['network: model has 1 x k, implementation 0']`.
 */
export function multisetDiff(model: ReadonlyMap<string, number>, impl: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  const keys = [...new Set([...model.keys(), ...impl.keys()])].sort();
  for (const key of keys) {
    const a = model.get(key) ?? 0;
    const b = impl.get(key) ?? 0;
    if (a !== b) out.push(`network ${key}: model ${a} cop${a === 1 ? 'y' : 'ies'}, implementation ${b}`);
  }
  return out;
}
