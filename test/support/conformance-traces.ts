import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProtocol } from '../../src/registry.ts';
import { resolveParams, variantOf } from '../../src/model/protocol.ts';
import type { ClusterModel } from '../../src/system/cluster.ts';
import { readTraceFile } from '../../src/trace/file.ts';
import type { ParsedTrace } from '../../src/trace/itf.ts';

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every `.itf.json` file under `dir` (relative to the root), sorted. */
export function traceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    let names: string[];
    try {
      names = readdirSync(at);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.itf.json')) out.push(relative(ROOT, path));
    }
  };
  walk(join(ROOT, dir));
  return out;
}

/** A trace file and the model it was produced with, rebuilt from its #meta. */
export async function loadTrace(path: string): Promise<{ trace: ParsedTrace; model: ClusterModel }> {
  const trace = readTraceFile(path, ROOT);
  const def = await loadProtocol(trace.meta.protocol);
  const variant = variantOf(def, trace.meta.variant);
  return { trace, model: def.build(resolveParams(def, variant, trace.meta.params), variant.name) };
}
