/**
 * The one narrow interface between a protocol and the engine, after Stateright's `Model`:
 * initial states, the actions enabled in a state, the next state of an action, and the
 * properties to check. Every strategy (BFS, DFS, simulation) works over this and nothing else.
 *
 * Example: `const model = buildModel('paxos', {}, 'default'); bfs(model, limits)`.
 */

/** A safety property over one state: it must hold in every reachable state. */
export interface Invariant<S> {
  readonly name: string;
  /** Where the property comes from: paper, section, figure. */
  readonly source: string;
  readonly holds: (state: S) => boolean;
}

/** A safety property over one step (prev --action--> next), e.g. Raft's Leader Append-Only. */
export interface ActionProperty<S, A> {
  readonly name: string;
  readonly source: string;
  readonly holds: (prev: S, action: A, next: S) => boolean;
}

/** "Some reachable state satisfies P": proves the model is not vacuous (Stateright's `sometimes`). */
export interface Witness<S> {
  readonly name: string;
  readonly source: string;
  readonly holds: (state: S) => boolean;
}

export type ParamValue = number | string | boolean;
export type Params = Readonly<Record<string, ParamValue>>;

export interface Model<S, A> {
  readonly protocol: string;
  readonly variant: string;
  /** The bounds and sizes this model was built with; printed with every result. */
  readonly params: Params;

  initialStates(): S[];
  /** Every action that may be enabled in `state`; `nextState` has the last word. */
  actions(state: S): A[];
  /** The successor of `state` under `action`, or undefined when the action is not enabled. */
  nextState(state: S, action: A): S | undefined;
  /**
   * The model's bounds, applied as TLC applies a CONSTRAINT: a state outside them is still
   * checked against the invariants, but is neither counted as distinct nor expanded.
   */
  withinBounds(state: S): boolean;
  /** A canonical encoding: equal exactly when the states are the same global state. */
  fingerprint(state: S): string;
  /**
   * Optional fast path: writes a 64-bit hash of the state into `out` (`out[0]` the low word,
   * `out[1]` the high word, never both 0), such that states with the same `fingerprint` get
   * the same hash. When present the checker stores this instead of hashing `fingerprint`.
   */
  hashInto?(state: S, out: Uint32Array): void;
  /**
   * Optional: the state as a search keeps it until it is expanded, equal to `state` (the same
   * fingerprint, the same successors), made from parts the model has kept before where it
   * can. A stored state lives a whole level; what it shares with states stored before is
   * not copied by the garbage collector again.
   */
  settle?(state: S): S;

  readonly invariants: readonly Invariant<S>[];
  readonly actionProperties: readonly ActionProperty<S, A>[];
  readonly witnesses: readonly Witness<S>[];

  /** One line for a person: `acceptor a2 receives Prepare(b=2) from p1`. */
  describeAction(action: A): string;
}

/** Every property name a model checks, in the order it declares them. */
export function propertyNames<S, A>(model: Model<S, A>): string[] {
  return [...model.invariants.map((p) => p.name), ...model.actionProperties.map((p) => p.name)];
}
