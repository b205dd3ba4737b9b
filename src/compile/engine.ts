import { UsageError } from '../model/errors.ts';
import { clusterModel, type ClusterModel, type Engine } from '../system/cluster.ts';

export type { Engine };

/** The engines a user can choose, the default first. */
export const engineNames: readonly Engine[] = ['compiled', 'xstate'];

/**
 * The same cluster model with its statecharts run by another engine; steppers the model
 * supplies explicitly are kept. For the CLI's `--engine xstate|compiled`.
 *
 * Example: `bfs(withEngine(protocol.build(params, variant), 'xstate'))`.
 */
export function withEngine(model: ClusterModel, engine: Engine): ClusterModel {
  return clusterModel({ ...model.definition, engine });
}

/** Parses a `--engine` value; UsageError naming the choices otherwise. Example: `parseEngine('xstate')`. */
export function parseEngine(text: string): Engine {
  const found = engineNames.find((e) => e === text);
  if (!found) throw new UsageError(`unknown engine '${text}' (known: ${engineNames.join(', ')})`);
  return found;
}
