import { UsageError } from '../model/errors.ts';
import type { ParamValue, Params } from '../model/model.ts';
import type { Trace } from '../checker/result.ts';
import type { ClusterAction, ClusterModel, ClusterState } from '../system/cluster.ts';
import { canonical } from '../system/canonical.ts';
import { hashed, type Message } from '../system/message.ts';
import { emptyNetwork, send, type Network, type NetworkKind } from '../system/network.ts';
import type { NodeState } from '../system/stepper.ts';
import { fromItfValue, isRecord, ITF_NONE, mapEntries, setMembers, toItfValue, type ItfValue } from './itf-value.ts';

/**
 * Counterexamples in Apalache's Informal Trace Format (ITF, ADR-015), so Quint and Apalache
 * tooling can read them. Each state has the variables
 * - `nodes`: `#map` node id -> `{state, context}` (the statechart state value and context);
 * - `down`: `#set` of crashed node ids;
 * - `network`: a `set` network as a `#set` of messages, a `bag` as a `#map` message -> copies,
 *   a `fifo` as a `#map` channel (`from->to`) -> list of messages, oldest first;
 * - `mbt::actionTaken` and `mbt::nondetPicks`, Quint's model-based-testing convention: the kind
 *   of step taken (`init` for the first state) and the node and message or event it chose.
 * The exact action of each step is also kept as plain JSON in the state's `#meta.action`,
 * with its one-line description; that is what `fromItf` reads back.
 */

export const TRACE_FORMAT_VERSION = 1;
const FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';
export const TRACE_VARS = ['nodes', 'down', 'network', 'mbt::actionTaken', 'mbt::nondetPicks'] as const;

/** How a trace was produced, for the person who finds the file later. */
export interface ProducedBy {
  readonly tool: 'soffio';
  /** The command line, e.g. `soffio check paxos --variant minority-quorum`. */
  readonly command: string;
  readonly strategy?: string;
  readonly seed?: number;
}

/** What a trace's `#meta` records about it, beyond the ITF fields. */
export interface TraceMeta {
  readonly protocol: string;
  readonly variant: string;
  readonly params: Params;
  readonly network: NetworkKind;
  /** The property violated in the last state, or `Deadlock`; absent for a plain run. */
  readonly property?: string;
  readonly propertyKind?: 'invariant' | 'action' | 'deadlock';
  readonly producedBy: ProducedBy;
}

/** An ITF state without its `#meta`: variable name -> ITF value. */
export type ItfState = Readonly<Record<string, ItfValue>>;

export interface ItfTrace {
  readonly '#meta': Record<string, unknown>;
  readonly vars: readonly string[];
  readonly states: readonly Record<string, unknown>[];
}

export interface ParsedTrace {
  readonly meta: TraceMeta;
  /** `actions[i]` leads from `states[i]` to `states[i + 1]`. */
  readonly actions: readonly ClusterAction[];
  readonly states: readonly ItfState[];
}

/**
 * Writes a trace of a cluster model as an ITF object (ready for JSON.stringify).
 *
 * Example: `toItf(model, result.violation.trace, { property: 'Agreement', propertyKind: 'invariant',
 * producedBy: { tool: 'soffio', command: 'soffio check paxos' } })`.
 */
export function toItf(model: ClusterModel, trace: Trace<ClusterState, ClusterAction>, meta: Omit<TraceMeta, 'protocol' | 'variant' | 'params' | 'network'>): ItfTrace {
  const full: TraceMeta = { protocol: model.protocol, variant: model.variant, params: model.params, network: model.definition.network, ...meta };
  const about = meta.property === undefined ? 'A run' : `A counterexample to ${meta.property}`;
  const states = trace.states.map((state, index) => {
    const action = index === 0 ? undefined : trace.actions[index - 1];
    const stateMeta: Record<string, unknown> = { index };
    if (action) {
      stateMeta.action = actionToJson(action);
      stateMeta.description = model.describeAction(action);
    }
    return { '#meta': stateMeta, ...encodeState(state), ...encodeAction(action) };
  });
  return {
    '#meta': {
      format: 'ITF',
      'format-description': FORMAT_DESCRIPTION,
      source: `soffio model ${full.protocol} (variant ${full.variant})`,
      description: `${about} in ${trace.actions.length} steps, found by ${meta.producedBy.command}`,
      'soffio-trace-version': TRACE_FORMAT_VERSION,
      protocol: full.protocol,
      variant: full.variant,
      params: { ...full.params },
      network: full.network,
      ...(full.property === undefined ? {} : { property: full.property, propertyKind: full.propertyKind }),
      producedBy: { ...full.producedBy },
    },
    vars: [...TRACE_VARS],
    states,
  };
}

/** The ITF variables of one cluster state (without `mbt::` and `#meta`). */
export function encodeState(state: ClusterState): ItfState {
  const nodes: ItfValue[] = Object.keys(state.nodes).map((id) => [id, encodeNode(state.nodes[id])]);
  return {
    nodes: { '#map': nodes },
    down: { '#set': [...state.down] },
    network: encodeNetwork(state.network),
  };
}

function encodeNode(node: NodeState): ItfValue {
  return { state: toItfValue(node.value), context: toItfValue(node.context) };
}

function encodeNetwork(net: Network): ItfValue {
  // Messages in the order of their canonical encoding, not the network's order by hash: a
  // trace file reads the same however it was produced, and diffs well.
  const byContent = <T extends { msg: Message }>(items: readonly T[]) =>
    items
      .map((item) => ({ item, key: canonical(item.msg) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((x) => x.item);
  switch (net.kind) {
    case 'set':
      return { '#set': byContent(net.messages).map((m) => toItfValue(m.msg)) };
    case 'bag':
      return { '#map': byContent(net.entries).map((e) => [toItfValue(e.msg), toItfValue(e.copies)]) };
    case 'fifo':
      return { '#map': net.channels.map((c) => [c.channel, c.queue.map((m) => toItfValue(m.msg))]) };
  }
}

function encodeAction(action: ClusterAction | undefined): ItfState {
  const some = (v: unknown): ItfValue => (v === undefined ? ITF_NONE : { tag: 'Some', value: toItfValue(v) });
  const node = action && 'node' in action ? action.node : undefined;
  const message = action && 'msg' in action ? action.msg : undefined;
  const event = action?.kind === 'local' ? action.event : undefined;
  return {
    'mbt::actionTaken': action ? action.kind : 'init',
    'mbt::nondetPicks': { node: some(node), message: some(message), event: some(event) },
  };
}

/** A ClusterAction as plain JSON (the action object itself, without undefined fields). */
export function actionToJson(action: ClusterAction): Record<string, unknown> {
  return JSON.parse(JSON.stringify(action)) as Record<string, unknown>;
}

const NODE_KINDS = ['restart', 'crash', 'recover'];
const MESSAGE_KINDS = ['drop', 'duplicate'];

/** Reads back a ClusterAction written by `actionToJson`; UsageError naming the step when malformed. */
export function actionFromJson(json: unknown, at: string): ClusterAction {
  const bad = (why: string) => new UsageError(`${at} has a malformed action: ${why}`);
  if (!isRecord(json)) throw bad('not an object');
  const kind = json.kind;
  const hasNode = typeof json.node === 'string';
  const isMessage = (m: unknown): m is Message => isRecord(m) && typeof m.type === 'string';
  if (kind === 'deliver') {
    if (!hasNode || !isMessage(json.msg)) throw bad('a delivery needs a node and a msg with a type');
    return { kind, node: json.node as string, msg: json.msg };
  }
  if (kind === 'local') {
    if (!hasNode || !isMessage(json.event)) throw bad('a local step needs a node and an event with a type');
    return { kind, node: json.node as string, event: json.event };
  }
  if (MESSAGE_KINDS.includes(kind as string)) {
    if (!isMessage(json.msg)) throw bad(`a ${String(kind)} needs a msg with a type`);
    return { kind: kind as 'drop' | 'duplicate', msg: json.msg };
  }
  if (NODE_KINDS.includes(kind as string)) {
    if (!hasNode) throw bad(`a ${String(kind)} needs a node`);
    return { kind: kind as 'restart' | 'crash' | 'recover', node: json.node as string };
  }
  throw bad(`unknown kind ${JSON.stringify(kind)}`);
}

/**
 * Reads an ITF trace written by `toItf`: its Soffio meta, the actions (from each state's
 * `#meta.action`) and the states as ITF values. Throws UsageError, one line, on anything
 * malformed, so the CLI can exit 2.
 *
 * Example: `const { meta, actions, states } = fromItf(JSON.parse(text))`.
 */
export function fromItf(json: unknown): ParsedTrace {
  if (!isRecord(json)) throw new UsageError('the trace is not a JSON object');
  const top = json['#meta'];
  if (!isRecord(top)) throw new UsageError('the trace has no #meta object');
  if (top['soffio-trace-version'] === undefined) throw new UsageError('the trace was not written by soffio (no soffio-trace-version in #meta)');
  if (top['soffio-trace-version'] !== TRACE_FORMAT_VERSION) throw new UsageError(`the trace has soffio-trace-version ${JSON.stringify(top['soffio-trace-version'])}; this soffio reads version ${TRACE_FORMAT_VERSION}`);
  const meta = metaFromJson(top);
  const vars = json.vars;
  if (!Array.isArray(vars) || !vars.every((v) => typeof v === 'string')) throw new UsageError('the trace has no vars list');
  const rawStates = json.states;
  if (!Array.isArray(rawStates) || rawStates.length === 0) throw new UsageError('the trace has no states');
  const states: ItfState[] = [];
  const actions: ClusterAction[] = [];
  rawStates.forEach((raw, index) => {
    if (!isRecord(raw)) throw new UsageError(`state ${index} of the trace is not an object`);
    const stateMeta = raw['#meta'];
    if (!isRecord(stateMeta)) throw new UsageError(`state ${index} of the trace has no #meta`);
    if (index > 0) actions.push(actionFromJson(stateMeta.action, `step ${index}`));
    const state: Record<string, ItfValue> = {};
    for (const v of vars as string[]) {
      if (!(v in raw)) throw new UsageError(`state ${index} of the trace has no variable '${v}'`);
      state[v] = raw[v] as ItfValue;
    }
    for (const v of ['nodes', 'down', 'network']) if (!(v in state)) throw new UsageError(`the trace has no variable '${v}'`);
    states.push(state);
  });
  return { meta, actions, states };
}

function metaFromJson(top: Record<string, unknown>): TraceMeta {
  const str = (key: string): string => {
    const v = top[key];
    if (typeof v !== 'string' || v === '') throw new UsageError(`the trace's #meta has no ${key}`);
    return v;
  };
  const network = str('network');
  if (network !== 'set' && network !== 'bag' && network !== 'fifo') throw new UsageError(`the trace's #meta names an unknown network '${network}'`);
  const params = top.params;
  if (!isRecord(params) || !Object.values(params).every((v) => ['number', 'string', 'boolean'].includes(typeof v))) {
    throw new UsageError("the trace's #meta has no params object of numbers, strings and booleans");
  }
  const producedBy = isRecord(top.producedBy) ? top.producedBy : {};
  const kind = top.propertyKind;
  return {
    protocol: str('protocol'),
    variant: str('variant'),
    params: params as Record<string, ParamValue>,
    network,
    ...(typeof top.property === 'string' ? { property: top.property } : {}),
    ...(kind === 'invariant' || kind === 'action' || kind === 'deadlock' ? { propertyKind: kind } : {}),
    producedBy: {
      tool: 'soffio',
      command: typeof producedBy.command === 'string' ? producedBy.command : 'unknown',
      ...(typeof producedBy.strategy === 'string' ? { strategy: producedBy.strategy } : {}),
      ...(typeof producedBy.seed === 'number' ? { seed: producedBy.seed } : {}),
    },
  };
}

/**
 * Rebuilds the cluster state an ITF state encodes (the inverse of `encodeState`), with
 * every message hashed again so the state can be stepped and fingerprinted again.
 */
export function decodeState(state: ItfState, network: NetworkKind, at = 'state'): ClusterState {
  const nodes: Record<string, NodeState> = {};
  for (const [id, node] of mapEntries(state.nodes, `${at}: nodes`)) {
    if (typeof id !== 'string' || !isRecord(node) || !('state' in node) || !isRecord(node.context)) throw new UsageError(`${at}: nodes has a malformed entry`);
    nodes[id] = { value: fromItfValue(node.state, `${at}: ${id}.state`) as NodeState['value'], context: fromItfValue(node.context, `${at}: ${id}.context`) as Record<string, unknown> };
  }
  const down = setMembers(state.down, `${at}: down`).map((id) => {
    if (typeof id !== 'string') throw new UsageError(`${at}: down holds a non-string`);
    return id;
  });
  return { nodes, down: down.sort(), network: decodeNetwork(state.network, network, `${at}: network`) };
}

function decodeMessage(value: unknown, at: string): Message {
  const msg = fromItfValue(value, at);
  if (!isRecord(msg) || typeof msg.type !== 'string') throw new UsageError(`${at} is not a message`);
  return msg as Message;
}

function decodeNetwork(value: unknown, kind: NetworkKind, at: string): Network {
  // Rebuilt by sending, so that the network is in its canonical order and every message hashed.
  switch (kind) {
    case 'set':
      return send(emptyNetwork(kind), setMembers(value, at).map((m, i) => decodeMessage(m, `${at}[${i}]`)));
    case 'bag': {
      const messages: Message[] = [];
      mapEntries(value, at).forEach(([m, n], i) => {
        const copies = fromItfValue(n, `${at}[${i}] copies`);
        if (typeof copies !== 'number' || copies < 1 || !Number.isInteger(copies)) throw new UsageError(`${at}[${i}] has a bad copy count`);
        const msg = decodeMessage(m, `${at}[${i}]`);
        for (let c = 0; c < copies; c++) messages.push(msg);
      });
      return send(emptyNetwork(kind), messages);
    }
    case 'fifo':
      return {
        kind,
        channels: mapEntries(value, at).map(([channel, queue], i) => {
          if (typeof channel !== 'string' || !Array.isArray(queue)) throw new UsageError(`${at}[${i}] is not a channel and its queue`);
          return { channel, queue: queue.map((m, j) => hashed(decodeMessage(m, `${at}[${i}][${j}]`))) };
        }),
      };
  }
}
