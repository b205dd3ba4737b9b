import { describe, expect, it } from 'vitest';
import { IMPLEMENTED_PROTOCOLS, replayOnImpl } from '../src/conformance/replay.ts';
import { replayTrace } from '../src/trace/replay.ts';
import { loadTrace, traceFiles } from './support/conformance-traces.ts';

/**
 * Every committed trace (traces/<protocol>/ and traces/generated/, not the scratch folder
 * traces/out/) replayed on the implementation: a trace of a correct model must conform, a
 * counterexample of a broken variant must diverge. Traces of the raft.tla and Paxos.tla
 * mirrors, and of protocols without an implementation core, are left out (README.md).
 */
const files = traceFiles('traces').filter((f) => !f.startsWith('traces/out/'));

describe('every committed trace replayed on the implementation', () => {
  it('finds the generated traces and the counterexamples', () => {
    expect(files.length).toBeGreaterThanOrEqual(8 + 25 + 12);
  });

  it.each(files)('%s', async (file) => {
    const { trace, model } = await loadTrace(file);
    // Protocols without an implementation core (and the .tla mirrors) have nothing to replay on.
    if (!IMPLEMENTED_PROTOCOLS.includes(trace.meta.protocol) || trace.meta.variant === 'tla') return;
    // The trace must still be one of its model, or it is evidence of nothing.
    expect(replayTrace(model, trace).ok).toBe(true);
    const outcome = replayOnImpl(model, trace);
    if (trace.meta.variant === 'default') expect(outcome).toEqual({ ok: true, steps: trace.actions.length });
    else {
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.step).toBeGreaterThan(0);
    }
  });
});
