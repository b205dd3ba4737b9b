import type { RaftMessage } from '../impl/raft/messages.ts';
import type { ClusterAction, ClusterModel, ClusterState } from '../system/cluster.ts';
import { canonical } from '../system/canonical.ts';
import { addedCopies } from '../system/network.ts';
import { stateFingerprint } from '../checker/fingerprint.ts';
import type { ObservedState, RaftLogLine } from '../fuzz/log.ts';
import { raftModelShape } from './raft-messages.ts';

type ClusterEvent = { type: string; value?: string };

/**
 * Trace validation of an implementation's event log against the Raft model, as the TLA+
 * trace validation of etcd-io/raft does: the model's states consistent with the log so far
 * are kept as a set; each log line must be explained by an enabled model action (or a short
 * sequence of them, see README.md) whose resulting state agrees with every field the line
 * gives. Fields a line leaves out are not checked, so several model states may stay possible.
 */

export type ValidationResult =
  | { readonly ok: true; readonly lines: number; readonly maxCandidates: number }
  | {
      readonly ok: false;
      /** 1-based line number of the first line the model cannot explain. */
      readonly line: number;
      readonly reason: string;
      /** For up to three model states closest to the log after that line: the fields that differ. */
      readonly closest: readonly string[][];
    };

/** The most model states kept at once; a log that leaves more open is too vague to validate. */
const MAX_CANDIDATES = 256;

/**
 * Validates `lines` against `model` (the Raft statechart model with drops, duplicates and
 * restarts enabled; bounds are not applied).
 *
 * Example: `validateRaftLog(fuzzRaft({ seed: 1, steps: 500 }).log, validationModel(def, 3)).ok === true`.
 */
export function validateRaftLog(lines: readonly RaftLogLine[], model: ClusterModel): ValidationResult {
  let candidates = new Candidates(model);
  for (const s of model.initialStates()) candidates.add(s);
  let maxCandidates = candidates.size;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.event === 'partition' || line.event === 'heal') continue;
    const next = new Candidates(model);
    const nearMisses: [ClusterState, ClusterState][] = [];
    let enabled = false;
    for (const state of candidates.states) {
      for (const sequence of actionSequences(line)) {
        const after = run(model, state, sequence);
        if (after === undefined) continue;
        enabled = true;
        if (agrees(line, state, after)) next.add(after);
        else if (nearMisses.length < 3) nearMisses.push([state, after]);
      }
    }
    if (next.size === 0) {
      const reason = enabled
        ? `no model state after ${describeLine(line)} agrees with the logged fields`
        : `the model cannot take ${describeLine(line)} from any of the ${candidates.size} states consistent with the log so far`;
      return { ok: false, line: i + 1, reason, closest: nearMisses.map(([before, after]) => disagreements(line, before, after)) };
    }
    if (next.size > MAX_CANDIDATES) return { ok: false, line: i + 1, reason: `more than ${MAX_CANDIDATES} model states fit the log: it gives too few fields`, closest: [] };
    candidates = next;
    maxCandidates = Math.max(maxCandidates, next.size);
  }
  return { ok: true, lines: lines.length, maxCandidates };
}

/**
 * The model states consistent with the log so far, without duplicates. States are told apart
 * by their 64-bit fingerprints, as the checker tells them apart (structural hashes that
 * reuse the hashes of unchanged nodes and messages), and only once there are two. Encoding
 * every state instead made validation quadratic in the log's length: a state holds logs and
 * messages in flight that grow with the log validated.
 */
class Candidates {
  readonly states: ClusterState[] = [];
  private seen: Set<bigint> | undefined;

  constructor(private readonly model: ClusterModel) {}

  get size(): number {
    return this.states.length;
  }

  add(state: ClusterState): void {
    if (this.states.length > 0) {
      this.seen ??= new Set(this.states.map((s) => stateFingerprint(this.model, s)));
      const fp = stateFingerprint(this.model, state);
      if (this.seen.has(fp)) return;
      this.seen.add(fp);
    }
    this.states.push(state);
  }
}

/**
 * The model actions that may explain one log line, as alternatives (each a sequence). A
 * tick either fires no model action or the election timeout; the AppendEntries a node sent
 * while handling any event are the model's SendAppendEntries steps that follow (the core
 * sends eagerly, the model one request per step).
 */
function actionSequences(line: RaftLogLine): ClusterAction[][] {
  const node = line.node ?? '';
  const sends: ClusterAction[] = (line.sent ?? []).filter((m) => m.type === 'AppendEntries').map((m) => ({ kind: 'local', node, event: { type: 'SendAppendEntries', to: m.to } }));
  const msg = line.msg ? raftModelShape(line.msg as RaftMessage) : undefined;
  switch (line.event) {
    case 'tick':
      return [sends, [{ kind: 'local', node, event: { type: 'Timeout' } }, ...sends]];
    case 'receive': {
      if (!msg) return [];
      const delivered: ClusterAction[] = [{ kind: 'deliver', node: line.msg!.to, msg }, ...sends];
      // The core ignores a stale AppendEntries result (README.md): to the model that is the
      // network dropping it, a step the model allows.
      if (msg.type === 'AppendEntriesResponse') return [delivered, [{ kind: 'drop', msg }, ...sends]];
      return [delivered];
    }
    case 'propose': {
      const request: ClusterAction[] = [{ kind: 'local', node, event: { type: 'ClientRequest', value: line.value } as ClusterEvent }, ...sends];
      if (line.accepted === false) return [[]];
      if (line.accepted === true) return [request];
      return [[], request];
    }
    case 'drop':
      return msg ? [[{ kind: 'drop', msg }]] : [];
    case 'duplicate':
      return msg ? [[{ kind: 'duplicate', msg }]] : [];
    case 'restart':
      return [[{ kind: 'restart', node }]];
    default:
      return [];
  }
}

function run(model: ClusterModel, state: ClusterState, actions: readonly ClusterAction[]): ClusterState | undefined {
  let at: ClusterState | undefined = state;
  for (const action of actions) {
    at = model.nextState(at, action);
    if (at === undefined) return undefined;
  }
  return at;
}

function observed(state: ClusterState, id: string): Required<ObservedState> | undefined {
  const node = state.nodes[id];
  if (!node) return undefined;
  const c = node.context as { currentTerm: number; votedFor: string | null; log: unknown[]; commitIndex: number };
  return { role: node.value as Required<ObservedState>['role'], term: c.currentTerm, votedFor: c.votedFor, logLength: c.log.length, commitIndex: c.commitIndex };
}

/**
 * Where the model's step from `before` to `after` contradicts the line: a logged field of
 * the node's state with another value, or `sent` (when logged, every message the node sent)
 * other than the messages the step added to the network.
 */
function disagreements(line: RaftLogLine, before: ClusterState, after: ClusterState): string[] {
  const out: string[] = [];
  if (line.node !== undefined && line.state) {
    const model = observed(after, line.node);
    if (!model) return [`the model has no node ${line.node}`];
    for (const [key, value] of Object.entries(line.state)) {
      if (value === undefined) continue;
      const m = model[key as keyof ObservedState];
      if (JSON.stringify(m) !== JSON.stringify(value)) out.push(`${line.node}.${key}: log ${JSON.stringify(value)}, model ${JSON.stringify(m)}`);
    }
  }
  if (line.sent) {
    // Only the messages the step added are encoded: the network grows with the log.
    const added = new Map<string, number>();
    for (const e of addedCopies(before.network, after.network)) {
      const key = canonical(e.msg);
      added.set(key, (added.get(key) ?? 0) + e.copies);
    }
    const logged = new Map<string, number>();
    for (const m of line.sent) {
      const key = canonical(raftModelShape(m));
      logged.set(key, (logged.get(key) ?? 0) + 1);
    }
    for (const key of new Set([...added.keys(), ...logged.keys()])) {
      const a = added.get(key) ?? 0;
      const l = logged.get(key) ?? 0;
      if (a !== l) out.push(`sent ${key}: log ${l}, model ${a}`);
    }
  }
  return out;
}

function agrees(line: RaftLogLine, before: ClusterState, after: ClusterState): boolean {
  return disagreements(line, before, after).length === 0;
}

function describeLine(line: RaftLogLine): string {
  const msg = line.msg ? ` ${line.msg.type} ${line.msg.from}->${line.msg.to} term ${line.msg.term}` : '';
  const value = line.value !== undefined ? ` ${line.value}` : '';
  return `${line.event}${line.node ? ` on ${line.node}` : ''}${msg}${value}`;
}
