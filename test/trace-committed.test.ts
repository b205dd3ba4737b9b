import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultIo } from '../src/cli/main.ts';
import { modelOfTrace } from '../src/cli/trace-model.ts';
import { variantOf } from '../src/model/protocol.ts';
import { readTraceFile } from '../src/trace/file.ts';
import { replayTrace } from '../src/trace/replay.ts';

/**
 * The committed counterexamples, traces/<protocol>/<variant>.itf.json, are evidence only while
 * the models still produce them: each must replay state for state, still break its property,
 * and that property must be the one its variant declares it breaks.
 */

const root = fileURLToPath(new URL('../traces/', import.meta.url));

function committedTraces(): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const protocol of readdirSync(root)) {
    const folder = join(root, protocol);
    // traces/out/ holds what local runs write; it is not committed.
    if (protocol === 'out' || !statSync(folder).isDirectory()) continue;
    for (const file of readdirSync(folder)) if (file.endsWith('.itf.json')) out.push(join(folder, file));
  }
  return out.sort();
}

describe('committed counterexamples', () => {
  it('each replays on its model, breaks the property its variant declares, and is named after it', async () => {
    const io = defaultIo();
    for (const path of committedTraces()) {
      const trace = readTraceFile(path);
      const model = await modelOfTrace(trace, io, path);
      const outcome = replayTrace(model, trace);
      expect(outcome.ok, `${path}: ${outcome.ok ? '' : `step ${outcome.step}: ${outcome.reason}`}`).toBe(true);
      const variant = variantOf(await io.protocols.load(trace.meta.protocol), trace.meta.variant);
      if (variant.breaks !== undefined) expect(trace.meta.property, path).toBe(variant.breaks);
      expect(path.endsWith(join(trace.meta.protocol, `${trace.meta.variant}.itf.json`)), path).toBe(true);
    }
  });
});
