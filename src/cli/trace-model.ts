import { UsageError } from '../model/errors.ts';
import { resolveParams, variantOf } from '../model/protocol.ts';
import type { ClusterModel } from '../system/cluster.ts';
import type { ParsedTrace } from '../trace/itf.ts';
import type { CliIo } from './io.ts';

/**
 * The model a trace was produced with, rebuilt from its `#meta` (protocol, variant, params),
 * each checked as if typed on the command line: a trace of an unknown protocol or variant,
 * or with parameters the protocol does not take, is bad input.
 *
 * Example: `const model = await modelOfTrace(readTraceFile(path), io, path)`.
 */
export async function modelOfTrace(trace: ParsedTrace, io: CliIo, path: string, expectProtocol?: string): Promise<ClusterModel> {
  const { meta } = trace;
  const where = (e: unknown) => (e instanceof UsageError ? new UsageError(`trace file '${path}': ${e.message}`) : e);
  if (expectProtocol !== undefined && expectProtocol !== meta.protocol) {
    throw new UsageError(`trace file '${path}' is a trace of ${meta.protocol}, not of ${expectProtocol}`);
  }
  try {
    const def = await io.protocols.load(meta.protocol);
    const variant = variantOf(def, meta.variant);
    const params = resolveParams(def, variant, meta.params);
    return def.build(params, variant.name);
  } catch (e) {
    throw where(e);
  }
}
