import { UsageError } from '../model/errors.ts';
import type { ClusterAction, ClusterModel, ClusterState } from '../system/cluster.ts';
import { decodeState, type ParsedTrace } from '../trace/itf.ts';
import type { AdapterFactory } from './adapter.ts';
import { paxosAdapter } from './paxos.ts';
import { raftAdapter } from './raft.ts';

/**
 * Drives an implementation core through a model trace, action by action, and after every
 * step compares the abstracted implementation with the trace's state: the implementation
 * conforms to the trace when every state agrees.
 */

export type ImplReplayOutcome =
  | { readonly ok: true; readonly steps: number }
  | {
      readonly ok: false;
      /** The first step where the implementation parts from the model (0 is the initial state). */
      readonly step: number;
      /** The model's action at that step, in words. */
      readonly event: string;
      readonly reason: string;
      /** One line per differing field: `s1.commitIndex: model 1, implementation 0`. */
      readonly differences: readonly string[];
    };

const adapters: Readonly<Record<string, AdapterFactory>> = { paxos: paxosAdapter, raft: raftAdapter };

/** Protocols with an implementation core to replay on. */
export const IMPLEMENTED_PROTOCOLS: readonly string[] = Object.keys(adapters);

/** The adapter of a protocol; UsageError when it has none. Example: `adapterFor(model).compare(model.initialStates()[0])` is `[]`. */
export function adapterFor(model: ClusterModel) {
  const make = adapters[model.protocol];
  if (!make) throw new UsageError(`no implementation of ${model.protocol} to replay against (known: ${Object.keys(adapters).join(', ')})`);
  return make(model);
}

/**
 * Replays a parsed ITF trace on the implementation of its protocol.
 *
 * Example: `replayOnImpl(model, readTraceFile('traces/raft/commit-old-term.itf.json'))` is
 * `{ ok: false, step: 19, event: 'server s1 receives AppendEntriesResponse...', ... }`.
 */
export function replayOnImpl(model: ClusterModel, trace: ParsedTrace): ImplReplayOutcome {
  const states = trace.states.map((s, i) => decodeState(s, trace.meta.network, `state ${i}`));
  return replayStatesOnImpl(model, states, trace.actions);
}

/** The same over decoded states: `actions[i]` leads from `states[i]` to `states[i + 1]`. */
export function replayStatesOnImpl(model: ClusterModel, states: readonly ClusterState[], actions: readonly ClusterAction[]): ImplReplayOutcome {
  const adapter = adapterFor(model);
  const first = adapter.compare(states[0]);
  if (first.length > 0) return { ok: false, step: 0, event: 'initial state', reason: 'the implementation starts in another state', differences: first };
  for (let i = 0; i < actions.length; i++) {
    const step = i + 1;
    const event = model.describeAction(actions[i]);
    let why: string | undefined;
    try {
      why = adapter.apply(actions[i], states[i]);
    } catch (err) {
      why = `the implementation fails: ${(err as Error).message.split('\n')[0]}`;
    }
    if (why !== undefined) return { ok: false, step, event, reason: why, differences: [] };
    const differences = adapter.compare(states[step]);
    if (differences.length > 0) return { ok: false, step, event, reason: 'the implementation reaches another state', differences };
  }
  return { ok: true, steps: actions.length };
}
