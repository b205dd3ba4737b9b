import type { ChartNode, ChartTransition } from './chart.ts';

/**
 * Which states a transition exits and enters, computed once at compile time with the rules
 * of XState v5's microstep (the SCXML algorithm as XState implements it: transition domain,
 * exit set, entry set, default entry), restricted to charts without parallel or history
 * states, where the active configuration is one chain from the root to a leaf.
 */

/**
 * XState's `isDescendant`: strictly below `ancestor`. With no ancestor (a transition whose
 * domain is "above the root"), every node counts, the root included.
 */
export function isBelow(node: ChartNode, ancestor: ChartNode | undefined): boolean {
  let marker = node;
  while (marker.parent && marker.parent !== ancestor) marker = marker.parent;
  return marker.parent === ancestor;
}

/** Ancestors of `node` from its parent upwards, stopping before `upTo` (to the root when undefined). */
export function ancestorsBelow(node: ChartNode, upTo: ChartNode | undefined): ChartNode[] {
  const out: ChartNode[] = [];
  if (node === upTo) return out;
  for (let m = node.parent; m && m !== upTo; m = m.parent) out.push(m);
  return out;
}

/**
 * The transition domain: the state whose descendants the transition exits and re-enters.
 * A transition to the source itself or below it, without `reenter`, stays inside the source
 * (it neither exits nor enters the source); otherwise the domain is the least common proper
 * ancestor of source and target, and undefined when that is above the root.
 */
export function domainOf(t: ChartTransition, root: ChartNode): ChartNode | undefined {
  const targets = t.target ?? [];
  if (!t.reenter && targets.every((x) => x === t.source || isBelow(x, t.source))) return t.source;
  const rest = [...targets.slice(1), t.source];
  for (const anc of ancestorsBelow(targets[0], undefined)) {
    if (rest.every((n) => isBelow(n, anc))) return anc;
  }
  return t.reenter ? undefined : root;
}

/** What one transition does to the configuration, from a given active chain. */
export interface Movement {
  /** States exited, innermost first. */
  readonly exited: readonly ChartNode[];
  /** States entered, outermost first, each with whether it gets its initial-transition actions. */
  readonly entered: readonly { readonly node: ChartNode; readonly defaultEntry: boolean }[];
  /** The active chain after the transition, root first. */
  readonly chain: readonly ChartNode[];
}

/** The movement of a transition with a target, from the active `chain` (root first). */
export function movementOf(t: ChartTransition, chain: readonly ChartNode[], root: ChartNode): Movement {
  const domain = domainOf(t, root);
  const exit = new Set<ChartNode>();
  if (t.reenter && t.source === domain && domain) exit.add(domain);
  for (const n of chain) if (isBelow(n, domain)) exit.add(n);

  const enter = new Set<ChartNode>();
  const defaultEntry = new Set<ChartNode>();
  const addDescendants = (s: ChartNode) => {
    if (s.type !== 'compound') return;
    const first = s.initial.target[0];
    enter.add(first);
    defaultEntry.add(first);
    addDescendants(first);
  };
  for (const s of t.target ?? []) {
    // A target is entered unless the transition stays inside it (its own source, not reentering).
    if (t.source !== s || t.source !== domain || t.reenter) {
      enter.add(s);
      defaultEntry.add(s);
    }
    addDescendants(s);
  }
  const reentrancyDomain = !t.source.parent && t.reenter ? undefined : domain;
  for (const s of t.target ?? []) {
    for (const anc of ancestorsBelow(s, domain)) {
      if (!reentrancyDomain || isBelow(anc, reentrancyDomain)) enter.add(anc);
    }
  }
  return finish(exit, enter, defaultEntry, chain);
}

/** The movement of the initial transition: every state of the initial chain is entered by default. */
export function initialMovement(root: ChartNode): Movement {
  const enter = new Set<ChartNode>([root]);
  let n = root;
  while (n.type === 'compound') {
    n = n.initial.target[0];
    enter.add(n);
  }
  return finish(new Set(), enter, new Set(enter), []);
}

function finish(exit: Set<ChartNode>, enter: Set<ChartNode>, defaultEntry: Set<ChartNode>, chain: readonly ChartNode[]): Movement {
  const exited = [...exit].sort((a, b) => b.order - a.order);
  const entered = [...enter].sort((a, b) => a.order - b.order).map((node) => ({ node, defaultEntry: defaultEntry.has(node) }));
  const after = new Set(chain.filter((n) => !exit.has(n)));
  for (const n of enter) after.add(n);
  const next = [...after].sort((a, b) => a.order - b.order);
  // Without parallel states the result must again be one chain from the root.
  for (let i = 1; i < next.length; i++) {
    if (next[i].parent !== next[i - 1]) throw new Error(`internal: transition leaves a configuration that is not a chain (${next.map((n) => n.id).join(', ')})`);
  }
  return { exited, entered, chain: next };
}
