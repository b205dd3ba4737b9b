import { resolveParams, variantOf, type ProtocolDefinition } from '../model/protocol.ts';
import type { ClusterModel } from '../system/cluster.ts';

/**
 * The Raft model a log is validated against: the default variant (or `variant`) with
 * `servers` servers over a bag network with drops, duplicates and restarts, the faults the
 * fuzzer injects. Bounds do not matter: validation follows the log, it does not explore.
 *
 * Example: `validationModel(await loadProtocol('raft'), 3)`.
 */
export function validationModel(def: ProtocolDefinition, servers: number, variant?: string): ClusterModel {
  const v = variantOf(def, variant);
  return def.build(resolveParams(def, v, { servers, network: 'bag', drop: true, duplicate: true, crashes: true, values: 3 }), v.name);
}
