import type { AnyStateMachine, EventObject } from 'xstate';
import type { ActionProperty, Invariant, Model, Params, Witness } from '../model/model.ts';
import { canonical } from './canonical.ts';
import { FieldSums, fieldSums, fieldSumsFrom, Hasher } from './hash.ts';
import { describeMessage, hashOf, type HashedMessage, type Message } from './message.ts';
import { Interned } from './interned.ts';
import { recentlyComputed } from '../util/recent.ts';
import { RememberingTrial } from '../util/trial.ts';
import { deliverableMessages, duplicateAt, emptyNetwork, encodeNetwork, hashNetwork, locate, removeAt, replyAt, sameNetwork, send, withMessagesFrom, type Network, type NetworkKind } from './network.ts';
import { xstateStepper, type NodeState, type RoleStepper, type StepResult } from './stepper.ts';
import { compileMachine } from '../compile/compileMachine.ts';

/**
 * The system composition: XState machines, one per role, composed into a cluster whose
 * global state is every node's state value and context plus the network. One step is one
 * atomic event: a message delivered to one node, one node's local event (a timeout, a client
 * request, "start ballot b"), or an allowed fault.
 */

/** What a role's local-event generator may read: its own node and, read-only, everything else. */
export interface LocalView {
  readonly self: string;
  readonly node: NodeState;
  readonly state: ClusterState;
}

export interface RoleDefinition {
  readonly name: string;
  readonly machine: AnyStateMachine;
  /** Message types a node of this role receives when a message names no destination. */
  readonly receives: readonly string[];
  /** Context fields that survive a crash and restart; everything else is reset. */
  readonly persistent?: readonly string[];
  /**
   * Candidate local events of a node. Whether one is enabled is decided by the statechart
   * (its state and named guards); an event may carry what it read of the network, as the
   * leader actions of Lamport's Paxos spec read the messages sent so far. A generator may
   * give the very same array again when its events are the same (the engine then reuses
   * what it made of them), so an array it has returned must never change. The view is
   * valid during the call only (the engine fills in one object for every call).
   */
  readonly localEvents?: (view: LocalView) => EventObject[];
}

export interface NodeDefinition {
  readonly id: string;
  readonly role: string;
  readonly input: unknown;
}

export interface Faults {
  /** Drop one copy of a message (bag and fifo networks). */
  readonly drop?: boolean;
  /** Add one copy of a message in flight (bag networks). */
  readonly duplicate?: boolean;
  /** Crash and restart as one step, as raft.tla's Restart(i) does. */
  readonly restart?: boolean;
  /** Crash as one step and recover as a later one; a crashed node receives nothing. */
  readonly crash?: boolean;
}

export interface ClusterState {
  /** Every node by id, in the order the cluster declares them. */
  readonly nodes: Readonly<Record<string, NodeState>>;
  /** Ids of crashed nodes, sorted. */
  readonly down: readonly string[];
  readonly network: Network;
}

export type ClusterAction =
  | { readonly kind: 'deliver'; readonly node: string; readonly msg: Message }
  | { readonly kind: 'local'; readonly node: string; readonly event: EventObject }
  | { readonly kind: 'drop'; readonly msg: Message }
  | { readonly kind: 'duplicate'; readonly msg: Message }
  | { readonly kind: 'restart'; readonly node: string }
  | { readonly kind: 'crash'; readonly node: string }
  | { readonly kind: 'recover'; readonly node: string };

export interface ClusterDefinition {
  readonly protocol: string;
  readonly variant: string;
  readonly params: Params;
  readonly roles: readonly RoleDefinition[];
  readonly nodes: readonly NodeDefinition[];
  readonly network: NetworkKind;
  readonly faults?: Faults;
  /** The CONSTRAINT: states outside it are checked but not counted or expanded. */
  readonly withinBounds?: (state: ClusterState) => boolean;
  readonly invariants: readonly Invariant<ClusterState>[];
  readonly actionProperties?: readonly ActionProperty<ClusterState, ClusterAction>[];
  readonly witnesses: readonly Witness<ClusterState>[];
  /** Replaces the reference XState stepper of a role (a compiled statechart, for speed). */
  readonly steppers?: Readonly<Record<string, RoleStepper>>;
  /**
   * How roles without an explicit stepper run their statecharts: `compiled` (the default, a
   * direct transition function proved equal to XState by test/compile*.test.ts) or `xstate`
   * (XState's own `transition` for every step, none remembered: the reference).
   */
  readonly engine?: Engine;
  /**
   * Interchangeable nodes, for symmetry reduction (`--symmetry`, src/symmetry/). Optional:
   * a model declares it only when renaming the nodes of a group maps every behaviour to a
   * behaviour (no tie-break by id order, no per-node constant that differs beyond its id).
   */
  readonly symmetry?: Symmetry;
}

/** Groups of interchangeable node ids and how to rename ids inside contexts and messages. */
export interface Symmetry {
  /** Each group: ids of nodes of one role whose inputs differ only by their ids. */
  readonly groups: readonly (readonly string[])[];
  /**
   * Renames ids inside a node's context or a message (`from`, `to` included); default
   * `deepRename` (src/symmetry/rename.ts), which suits contexts that hold ids only as plain
   * values, object keys, or sorted arrays of ids.
   */
  readonly rename?: (value: unknown, mapping: ReadonlyMap<string, string>) => unknown;
}

export type Engine = 'compiled' | 'xstate';

export interface ClusterModel extends Model<ClusterState, ClusterAction> {
  readonly definition: ClusterDefinition;
  /** The role of every node, by id. */
  roleOf(node: string): RoleDefinition;
  /**
   * The same states with their nodes and messages replaced by the objects this model
   * instance keeps for their contents, for states made elsewhere (a parallel search's worker
   * gets them as structured clones): the steps this instance remembers are found by identity.
   * States cloned in one message share the copies of what they shared, so each object is
   * looked up once per call. Example: `const mine = model.adopt(received)`.
   */
  adopt(states: readonly ClusterState[]): ClusterState[];
}

/**
 * The hashes of the nodes last seen at each position of the cluster, by identity, two per
 * position. The successors of a state share all of its nodes but the one a step changed, so
 * while a state is expanded its nodes are each hashed once: a position keeps the node most
 * recently met there and the one before, and a hit on the older one makes it the newer, so
 * the parent's node, met again by most successors, stays. A node not found is hashed from the
 * newer one's context (hash.ts `fieldSumsFrom`): a step changes a few fields of a context and
 * shares the rest, so only those are hashed. (Kept beside the nodes, not on them: a note on
 * the object would show in deep equality and be copied by spreading it.)
 */
class NodeHashes {
  private readonly nodes: (NodeState | undefined)[];
  /** Per slot: the node's hash (low, high). */
  private readonly words: Uint32Array;
  /** Per slot: its context's field sums. */
  private readonly sums: FieldSums[];
  private readonly hasher = new Hasher();

  constructor(positions: number) {
    this.nodes = new Array(2 * positions).fill(undefined);
    this.words = new Uint32Array(4 * positions);
    this.sums = Array.from({ length: 2 * positions }, () => new FieldSums());
  }

  /** Mixes the hash of `node`, at `position`, into `into`. */
  mix(position: number, node: NodeState, into: Hasher): void {
    const newer = 2 * position;
    if (this.nodes[newer] !== node) {
      if (this.nodes[newer + 1] === node) this.swap(newer);
      else this.hashInto(newer, node);
    }
    into.word(this.words[2 * newer]);
    into.word(this.words[2 * newer + 1]);
  }

  /** Hashes `node` into the newer slot, the newer one moving to the older. */
  private hashInto(newer: number, node: NodeState): void {
    const base = this.nodes[newer];
    // The older slot's sums object is reused for the new node: swap, then overwrite.
    this.swap(newer);
    const sums = this.sums[newer];
    const context = node.context;
    if (base !== undefined && !Array.isArray(context) && !Array.isArray(base.context)) fieldSumsFrom(context, base.context, this.sums[newer + 1], sums);
    else fieldSums(context, sums);
    const h = this.hasher;
    h.reset();
    h.value(node.value);
    // The same as h.value(context), from its field sums.
    if (Array.isArray(context)) h.value(context);
    else h.fields(sums);
    h.finish();
    this.nodes[newer] = node;
    this.words[2 * newer] = h.lo;
    this.words[2 * newer + 1] = h.hi;
  }

  private swap(newer: number): void {
    const n = this.nodes[newer];
    this.nodes[newer] = this.nodes[newer + 1];
    this.nodes[newer + 1] = n;
    const s = this.sums[newer];
    this.sums[newer] = this.sums[newer + 1];
    this.sums[newer + 1] = s;
    const w = this.words;
    const lo = w[2 * newer];
    const hi = w[2 * newer + 1];
    w[2 * newer] = w[2 * newer + 2];
    w[2 * newer + 1] = w[2 * newer + 3];
    w[2 * newer + 2] = lo;
    w[2 * newer + 3] = hi;
  }
}

type Nodes = Readonly<Record<string, NodeState>>;

const MAX_REMEMBERED_MESSAGE_ACTIONS = 1 << 16;

/** What one message in flight offers as actions, made once per message object (see `actionsOf`). */
interface MessageActions {
  readonly deliveries: readonly ClusterAction[];
  readonly drop: ClusterAction;
  readonly duplicate: ClusterAction;
}

/**
 * A function that copies a cluster's nodes with the node `id` replaced, made for the
 * cluster's ids: an object literal of fixed keys, the cheapest object V8 can build and read,
 * where `{...nodes, [id]: node}` costs a generic keyed store for every successor state.
 * (Ids are written into the source with JSON.stringify, so any string is safe.)
 */
function nodeReplacer(ids: readonly string[]): (nodes: Nodes, id: string, node: NodeState) => Nodes {
  const fields = ids.map((k) => `${JSON.stringify(k)}: id === ${JSON.stringify(k)} ? node : nodes[${JSON.stringify(k)}]`);
  return new Function('nodes', 'id', 'node', `return { ${fields.join(', ')} };`) as (nodes: Nodes, id: string, node: NodeState) => Nodes;
}

/**
 * The last few steps a node took, by identity of the node and of the event: a step is a pure
 * function of the two, and they recur. States expanded one after another in breadth-first
 * order are mostly siblings, which share all but one node of their parent and most of its
 * messages, so a node is offered the very same event (a constant local event, a message
 * still in flight) in state after state. A hit gives the very same result, whose node and
 * messages are then also found in the caches that work by identity (node hashes, views).
 */
class RecentSteps {
  private readonly nodes: (NodeState | undefined)[] = new Array(STEP_SLOTS).fill(undefined);
  private readonly events: (EventObject | undefined)[] = new Array(STEP_SLOTS).fill(undefined);
  private readonly results: (StepResult | undefined)[] = new Array(STEP_SLOTS).fill(undefined);
  private next = 0;

  constructor(private readonly table: RoleSteps) {}

  step(node: NodeState, event: EventObject): StepResult | undefined {
    for (let i = 0; i < STEP_SLOTS; i++) if (this.nodes[i] === node && this.events[i] === event) return this.results[i];
    const result = this.table.step(node, event);
    const at = this.next;
    this.next = (at + 1) & (STEP_SLOTS - 1);
    this.nodes[at] = node;
    this.events[at] = event;
    this.results[at] = result;
    return result;
  }
}

const STEP_SLOTS = 16;

/**
 * Every step a role has taken, by identity of the node and of the event, behind the recent
 * ones (RecentSteps): a node's state and the messages it is offered recur all over the state
 * space, not only among siblings, so a role's transition function is worth computing once
 * per (node state, event). For identity to mean equality, every node a step makes is
 * interned (one object per content, compared by hash and then field by field), and so is
 * every message it sends (`Interned`, shared by the roles), so a delivered message is the
 * very object that was sent and the very event of the step remembered for it. Raft's server
 * steps are computed 3,600 times for 1.6 million successors this way.
 *
 * Not every role gains: an event that carries what it read of the network (Paxos.tla's
 * Phase2a reads the 1b messages) is a new object in nearly every state, and remembering it
 * only costs, and a search can move on to states where fewer steps recur. So every
 * `TRIAL_STEPS` steps are a trial: a role that found too few of them again
 * (`WORTH_REMEMBERING`) forgets them and steps directly from then on. The table is cleared
 * when it holds `MAX_REMEMBERED_STEPS` steps, which bounds its memory on large runs.
 */
class RoleSteps {
  private readonly byNode = new Map<NodeState, Map<EventObject, StepResult | null>>();
  private readonly nodes = new Interned<NodeState>(MAX_INTERNED);
  private remembered = 0;
  private readonly trial = new RememberingTrial(TRIAL_STEPS, WORTH_REMEMBERING, () => this.forget());

  constructor(
    private readonly stepper: RoleStepper,
    private readonly messages: Interned<Message>,
  ) {}

  step(node: NodeState, event: EventObject): StepResult | undefined {
    if (this.trial.direct()) return this.stepper.step(node, event);
    let byEvent = this.byNode.get(node);
    if (byEvent === undefined) this.byNode.set(node, (byEvent = new Map()));
    else {
      const known = byEvent.get(event);
      if (known !== undefined) {
        this.trial.found();
        return known ?? undefined;
      }
    }
    const made = this.stepper.step(node, event);
    const result = made === undefined ? undefined : { node: this.intern(made.node), sent: made.sent.length === 0 ? made.sent : made.sent.map((m) => this.messages.of(m, hashOf(m).lo)), retained: made.retained };
    byEvent.set(event, result ?? null);
    if (++this.remembered >= MAX_REMEMBERED_STEPS) this.forget();
    return result;
  }

  /** The node kept for `node`'s content (while steps are remembered), else `node` itself. */
  intern(node: NodeState): NodeState {
    return this.trial.gaveUp ? node : this.nodes.of(node, nodeHash(node));
  }

  private forget(): void {
    this.byNode.clear();
    this.nodes.clear();
    this.remembered = 0;
  }
}

const TRIAL_STEPS = 1 << 15;
/**
 * The share of a trial's steps a role must find again to keep remembering: a step found
 * saves its computation, one not found costs interning its node and messages and a table
 * entry. Measured: Raft's servers find 98% and run 1.3 times as fast; raft.tla's servers on
 * three servers find 98 to 100% (68 to 72% while a restarted node was a new object every
 * time); Paxos.tla's acceptors find 99.9%, its ballot actions 99.9% (13% while their events
 * were made anew for nearly every state).
 */
const WORTH_REMEMBERING = 0.8;
const MAX_REMEMBERED_STEPS = 1 << 18;

/**
 * The trial of `settle`: of each 4,096 stored states at least half must find their network
 * stored before. Measured: Raft default's find 93 to 100%, raft.tla's on two servers 57 to
 * 61%; Paxos default's 35% and Paxos.tla's none (their messages stay in flight for good, so
 * few states share a network), where a short trial keeps the cost small.
 */
const SETTLE_TRIAL = 1 << 12;
const SETTLE_WORTH = 0.5;

/** Contents kept by a role's table of nodes, and by the cluster's table of sent messages. */
const MAX_INTERNED = 1 << 18;

const nodeHasher = new Hasher();

/** The low word of a node's hash: its state value and its context. */
function nodeHash(node: NodeState): number {
  nodeHasher.reset();
  nodeHasher.value(node.value);
  nodeHasher.value(node.context);
  nodeHasher.finish();
  return nodeHasher.lo;
}

/** Builds the model of a cluster. Example: `clusterModel({protocol: 'paxos', roles, nodes, ...})`. */
export function clusterModel(def: ClusterDefinition): ClusterModel {
  const roles = new Map(def.roles.map((r) => [r.name, r]));
  const steppers = new Map<string, RoleStepper>();
  for (const role of def.roles) steppers.set(role.name, def.steppers?.[role.name] ?? (def.engine === 'xstate' ? xstateStepper(role.machine) : compileMachine(role.machine)));
  const nodeRole = new Map<string, RoleDefinition>();
  const nodeInput = new Map<string, unknown>();
  for (const n of def.nodes) {
    const role = roles.get(n.role);
    if (!role) throw new Error(`node ${n.id} has unknown role ${n.role}`);
    if (nodeRole.has(n.id)) throw new Error(`node id ${n.id} is used twice`);
    nodeRole.set(n.id, role);
    nodeInput.set(n.id, n.input);
  }
  const nodeIds = def.nodes.map((n) => n.id);
  // The role of the node at each position, for the loop over nodes at every state.
  const roleAt = nodeIds.map((id) => nodeRole.get(id)!);
  const faults = def.faults ?? {};
  const hasher = new Hasher();
  const nodeHashes = new NodeHashes(nodeIds.length);

  // A plain record, not a Map: read for every step, by a key that is one of a few ids.
  const nodeStepper: Readonly<Record<string, RoleStepper>> = Object.fromEntries(nodeIds.map((id) => [id, steppers.get(nodeRole.get(id)!.name)!]));
  const stepperOf = (node: string) => nodeStepper[node];
  // The reference engine takes every step through XState, unremembered: it is what the
  // fast path is compared with (same counts, and the benchmark's naive baseline).
  const remembersSteps = def.engine !== 'xstate';
  const sentMessages = new Interned<Message>(MAX_INTERNED);
  const roleSteps = new Map(def.roles.map((r) => [r.name, new RoleSteps(steppers.get(r.name)!, sentMessages)]));
  // Each node's role table, and in front of it the node's own recent steps.
  const tableOf: Readonly<Record<string, RoleSteps>> = Object.fromEntries(nodeIds.map((id) => [id, roleSteps.get(nodeRole.get(id)!.name)!]));
  const nodeSteps: Readonly<Record<string, Pick<RoleStepper, 'step'>>> = Object.fromEntries(nodeIds.map((id) => [id, remembersSteps ? new RecentSteps(tableOf[id]) : nodeStepper[id]]));
  // The networks of stored states, one object per content (see `settle`).
  const storedNetworks = new Interned<Network>(MAX_INTERNED, sameNetwork);
  const networksTrial = new RememberingTrial(SETTLE_TRIAL, SETTLE_WORTH, () => storedNetworks.clear());

  // Who receives a message that names no destination: fixed per message type.
  const broadcastReceivers = new Map<string, readonly string[]>();
  function receiversOf(msg: Message, down: readonly string[]): readonly string[] {
    if (msg.to !== undefined) {
      if (!nodeRole.has(msg.to) || down.includes(msg.to)) return [];
      return [msg.to];
    }
    let all = broadcastReceivers.get(msg.type);
    if (all === undefined) broadcastReceivers.set(msg.type, (all = nodeIds.filter((id) => nodeRole.get(id)!.receives.includes(msg.type))));
    return down.length === 0 ? all : all.filter((id) => !down.includes(id));
  }

  const replaceNode = nodeReplacer(nodeIds);
  function withNode(state: ClusterState, id: string, node: NodeState, network: Network, down = state.down): ClusterState {
    // A step that left its node as it was keeps the very nodes record, which tells whatever
    // reads only the nodes (a property's verdict, a view) that nothing there changed.
    return { nodes: state.nodes[id] === node ? state.nodes : replaceNode(state.nodes, id, node), down, network };
  }

  function restartedNode(id: string, old: NodeState): NodeState {
    const fresh = stepperOf(id).initial(nodeInput.get(id));
    const kept: Record<string, unknown> = { ...fresh.context };
    for (const field of nodeRole.get(id)!.persistent ?? []) kept[field] = old.context[field];
    const node = { value: fresh.value, context: kept };
    return remembersSteps ? tableOf[id].intern(node) : node;
  }
  // A node restarted is interned like a node a step made, so that its steps are found again
  // and whatever is kept by identity of nodes recognises it; the restart of the node a
  // state's siblings share is made once.
  const restarts: Readonly<Record<string, (old: NodeState) => NodeState>> = Object.fromEntries(nodeIds.map((id) => [id, recentlyComputed((old: NodeState) => restartedNode(id, old), 2)]));
  const restarted = (id: string, old: NodeState) => restarts[id](old);

  // A stored state keeps the network object stored before with the same messages: the same
  // messages in flight recur under many combinations of nodes, and a frontier state that
  // shares its network keeps only two small objects of its own alive for the young
  // generation's collector to copy. Only stored states are interned (one in ten generated on
  // Raft), and states adopted from another thread: interning every successor costs more
  // than building its network.
  function settled(state: ClusterState): ClusterState {
    if (!remembersSteps || state.network.kind === 'fifo' || networksTrial.direct()) return state;
    const network = storedNetworks.of(state.network, state.network.lo);
    if (network === state.network) return state;
    networksTrial.found();
    return { nodes: state.nodes, down: state.down, network };
  }

  const scratchActions: ClusterAction[] = [];
  const scratchMessageActions: MessageActions[] = [];
  // The view handed to local-event generators, filled in for each call (see RoleDefinition).
  const localView: { -readonly [K in keyof LocalView]: LocalView[K] } = { self: '', node: { value: '', context: {} }, state: { nodes: {}, down: [], network: emptyNetwork(def.network) } };
  // The local actions last made for each node, and the events they were made of: a
  // generator that gives the very same list again (Raft's per-role lists, a Paxos ballot
  // whose messages did not change) gets the very same actions.
  const lastEvents: (readonly EventObject[] | undefined)[] = nodeIds.map(() => undefined);
  const lastLocal: ClusterAction[][] = nodeIds.map(() => []);
  function localActions(position: number, id: string, events: readonly EventObject[]): readonly ClusterAction[] {
    if (events !== lastEvents[position]) {
      lastEvents[position] = events;
      lastLocal[position] = events.map((event) => ({ kind: 'local', node: id, event }));
    }
    return lastLocal[position];
  }

  // The actions a message in flight offers while every node is up (its deliveries, and its
  // drop and duplicate when the network may), by message object: made once per object, not
  // once per state that holds it. A set network holds one object per content (network.ts
  // interns them); in a bag the same objects recur because remembered steps send the very
  // messages they sent before. A role that steps directly makes new objects every time, so
  // the map is bounded; past its bound it starts again.
  const messageActions = new Map<Message, MessageActions>();
  function actionsOf(msg: Message): MessageActions {
    let found = messageActions.get(msg);
    if (found === undefined) {
      if (messageActions.size >= MAX_REMEMBERED_MESSAGE_ACTIONS) messageActions.clear();
      found = {
        deliveries: receiversOf(msg, []).map((to): ClusterAction => ({ kind: 'deliver', node: to, msg })),
        drop: { kind: 'drop', msg },
        duplicate: { kind: 'duplicate', msg },
      };
      messageActions.set(msg, found);
    }
    return found;
  }

  function encodeNode(node: NodeState): string {
    return canonical(node.value) + ':' + canonical(node.context);
  }

  return {
    definition: def,
    protocol: def.protocol,
    variant: def.variant,
    params: def.params,
    invariants: def.invariants,
    actionProperties: def.actionProperties ?? [],
    witnesses: def.witnesses,
    roleOf: (node) => {
      const role = nodeRole.get(node);
      if (!role) throw new Error(`unknown node ${node}`);
      return role;
    },

    adopt(states) {
      if (!remembersSteps) return [...states];
      // What the states of one message share was cloned once: found once, by identity.
      const found = new Map<object, object>();
      const once = <T extends object>(copy: T, find: (copy: T) => T): T => {
        let mine = found.get(copy) as T | undefined;
        if (mine === undefined) found.set(copy, (mine = find(copy)));
        return mine;
      };
      const messageOf = (msg: Message, hash: number) => once(msg, (m) => sentMessages.of(m, hash));
      return states.map((state) => {
        const nodes: Record<string, NodeState> = {};
        for (const id of nodeIds) nodes[id] = once(state.nodes[id], (node) => tableOf[id].intern(node));
        const network = once(state.network, (net) => withMessagesFrom(net, messageOf));
        return settled({ nodes, down: state.down, network });
      });
    },

    initialStates() {
      const nodes: Record<string, NodeState> = {};
      for (const id of nodeIds) nodes[id] = stepperOf(id).initial(nodeInput.get(id));
      return [{ nodes, down: [], network: emptyNetwork(def.network) }];
    },

    actions(state) {
      // Gathered in one reused array and copied out at their exact size: a state of Paxos.tla
      // has dozens of actions, and a fresh array would be reallocated as it grew. (The
      // scratch array's length is never cut, which would make V8 give its storage back.)
      const out = scratchActions;
      let n = 0;
      for (let i = 0; i < nodeIds.length; i++) {
        const id = nodeIds[i];
        if (state.down.length > 0 && state.down.includes(id)) continue;
        const role = roleAt[i];
        if (!role.localEvents) continue;
        localView.self = id;
        localView.node = state.nodes[id];
        localView.state = state;
        const local = localActions(i, id, role.localEvents(localView));
        for (let k = 0; k < local.length; k++) out[n++] = local[k];
      }
      const net = state.network;
      if (state.down.length === 0 && net.kind !== 'fifo') {
        // Each message's actions looked up once, in its order in the network.
        const held: readonly HashedMessage[] = net.kind === 'bag' ? net.entries : net.messages;
        const offered = scratchMessageActions;
        for (let m = 0; m < held.length; m++) {
          const deliveries = (offered[m] = actionsOf(held[m].msg)).deliveries;
          for (let k = 0; k < deliveries.length; k++) out[n++] = deliveries[k];
        }
        if (faults.drop && net.kind === 'bag') for (let m = 0; m < held.length; m++) out[n++] = offered[m].drop;
        if (faults.duplicate && net.kind === 'bag') for (let m = 0; m < held.length; m++) out[n++] = offered[m].duplicate;
      } else {
        const inFlight = deliverableMessages(net);
        for (const msg of inFlight) for (const to of receiversOf(msg, state.down)) out[n++] = { kind: 'deliver', node: to, msg };
        if (faults.drop && net.kind !== 'set') for (const msg of inFlight) out[n++] = { kind: 'drop', msg };
        if (faults.duplicate && net.kind === 'bag') for (const msg of inFlight) out[n++] = { kind: 'duplicate', msg };
      }
      for (const id of nodeIds) {
        const isDown = state.down.includes(id);
        if (faults.restart && !isDown) out[n++] = { kind: 'restart', node: id };
        if (faults.crash) out[n++] = isDown ? { kind: 'recover', node: id } : { kind: 'crash', node: id };
      }
      return out.slice(0, n);
    },

    nextState(state, action) {
      switch (action.kind) {
        case 'local': {
          if (state.down.includes(action.node)) return undefined;
          const result = nodeSteps[action.node].step(state.nodes[action.node], action.event);
          if (!result) return undefined;
          return withNode(state, action.node, result.node, send(state.network, result.sent));
        }
        case 'deliver': {
          if (state.down.includes(action.node)) return undefined;
          const at = locate(state.network, action.msg);
          if (at < 0) return undefined;
          const result = nodeSteps[action.node].step(state.nodes[action.node], action.msg);
          if (!result) return undefined;
          const network = result.retained ? send(state.network, result.sent) : replyAt(state.network, at, result.sent);
          return withNode(state, action.node, result.node, network);
        }
        case 'drop': {
          const at = faults.drop ? locate(state.network, action.msg) : -1;
          if (at < 0) return undefined;
          return { nodes: state.nodes, down: state.down, network: removeAt(state.network, at) };
        }
        case 'duplicate': {
          const at = faults.duplicate ? locate(state.network, action.msg) : -1;
          if (at < 0) return undefined;
          return { nodes: state.nodes, down: state.down, network: duplicateAt(state.network, at) };
        }
        case 'restart': {
          if (!faults.restart || state.down.includes(action.node)) return undefined;
          return withNode(state, action.node, restarted(action.node, state.nodes[action.node]), state.network);
        }
        case 'crash': {
          if (!faults.crash || state.down.includes(action.node)) return undefined;
          const down = [...state.down, action.node].sort();
          return withNode(state, action.node, restarted(action.node, state.nodes[action.node]), state.network, down);
        }
        case 'recover': {
          if (!faults.crash || !state.down.includes(action.node)) return undefined;
          return { ...state, down: state.down.filter((id) => id !== action.node) };
        }
      }
    },

    withinBounds: def.withinBounds ?? (() => true),

    settle: settled,

    fingerprint(state) {
      let out = '';
      for (const id of nodeIds) out += encodeNode(state.nodes[id]) + '|';
      if (state.down.length > 0) out += 'down:' + state.down.join(',') + '|';
      return out + encodeNetwork(state.network);
    },

    // The same equalities as `fingerprint`, hashed from the structure without building the string.
    hashInto(state, out) {
      hasher.reset();
      for (let i = 0; i < nodeIds.length; i++) {
        nodeHashes.mix(i, state.nodes[nodeIds[i]], hasher);
      }
      hasher.word(state.down.length);
      for (const id of state.down) hasher.string(id);
      hashNetwork(state.network, hasher);
      hasher.finish();
      out[0] = hasher.lo;
      out[1] = hasher.hi;
    },

    describeAction(action) {
      return describeClusterAction(action, (id) => nodeRole.get(id)?.name ?? 'node');
    },
  };
}

/** One line for a person, e.g. `acceptor a2 receives Prepare(bal=2) from p1`. */
export function describeClusterAction(action: ClusterAction, roleName: (node: string) => string): string {
  const who = (id: string) => `${roleName(id)} ${id}`;
  const route = (msg: Message) => `${msg.from !== undefined ? ` from ${msg.from}` : ''}${msg.to !== undefined ? ` to ${msg.to}` : ''}`;
  switch (action.kind) {
    case 'deliver':
      return `${who(action.node)} receives ${describeMessage(action.msg)}${action.msg.from !== undefined ? ` from ${action.msg.from}` : ''}`;
    case 'local':
      return `${who(action.node)} ${describeMessage(action.event as Message)}`;
    case 'drop':
      return `network drops ${describeMessage(action.msg)}${route(action.msg)}`;
    case 'duplicate':
      return `network duplicates ${describeMessage(action.msg)}${route(action.msg)}`;
    case 'restart':
      return `${who(action.node)} crashes and restarts`;
    case 'crash':
      return `${who(action.node)} crashes`;
    case 'recover':
      return `${who(action.node)} recovers`;
  }
}
