import type { ClusterState } from './cluster.ts';
import type { NodeState } from './stepper.ts';
import { RememberingTrial } from '../util/trial.ts';

type Nodes = ClusterState['nodes'];
type Level = Map<NodeState, unknown>;

/**
 * A value per combination of node states, by identity, for whatever is a function of the
 * nodes alone (Raft's invariants read no message). The engine interns the nodes its steps
 * make (cluster.ts RoleSteps), so a combination recurs all over the state space: under
 * other messages in flight, and in the many successors outside the bounds, which are
 * checked but not stored and so would be judged again every time they are generated.
 *
 * Kept as a trie of Maps, one level per node in the order of the first record seen. A memo
 * that finds too few of its combinations again (nodes not interned: a role that steps
 * directly) forgets them and computes directly from then on, as RoleSteps does; it is also
 * cleared at `limit` combinations, which bounds the node objects it holds on to.
 *
 * Example: `const memo = new NodesMemo<number>(); memo.of(state.nodes, judge, state)`.
 */
export class NodesMemo<V extends {}> {
  private ids: readonly string[] | undefined;
  private root: Level = new Map();
  private size = 0;
  private readonly trial = new RememberingTrial(TRIAL_LOOKUPS, WORTH_REMEMBERING, () => this.forget());

  constructor(private readonly limit = 1 << 18) {}

  /** The value for `nodes`, computed as `compute(arg)` when the combination is new. */
  of<A>(nodes: Nodes, compute: (arg: A) => V, arg: A): V {
    if (this.trial.direct()) return compute(arg);
    const ids = (this.ids ??= Object.keys(nodes));
    let level = this.root;
    const last = ids.length - 1;
    for (let i = 0; i < last; i++) {
      const node = nodes[ids[i]];
      let below = level.get(node) as Level | undefined;
      if (below === undefined) level.set(node, (below = new Map()));
      level = below;
    }
    const leaf = nodes[ids[last]];
    const known = level.get(leaf) as V | undefined;
    if (known !== undefined) {
      this.trial.found();
      return known;
    }
    const value = compute(arg);
    level.set(leaf, value);
    if (++this.size >= this.limit) this.forget();
    return value;
  }

  private forget(): void {
    this.root = new Map();
    this.size = 0;
  }
}

const TRIAL_LOOKUPS = 1 << 15;
/** A lookup found saves judging the state; one not found costs a trie entry or more. */
const WORTH_REMEMBERING = 0.5;
