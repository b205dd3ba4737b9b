/**
 * Every permutation of every symmetric group at once: the product of the groups' symmetric
 * groups, each as a map from every grouped id to its new name. The identity comes first.
 *
 * Example: `groupPermutations([['a', 'b']])` gives the identity and `a<->b`.
 */
export function groupPermutations(groups: readonly (readonly string[])[]): Map<string, string>[] {
  let out: Map<string, string>[] = [new Map()];
  for (const group of groups) {
    const next: Map<string, string>[] = [];
    for (const order of permutationsOf(group)) {
      for (const base of out) {
        const m = new Map(base);
        // Fixed ids are listed too: the renamer recognises a set of ids by its members.
        group.forEach((id, i) => m.set(id, order[i]));
        next.push(m);
      }
    }
    out = next;
  }
  return out;
}

/** All orderings of `items`, the given order first (Heap's algorithm would do; n <= 7 here). */
export function permutationsOf<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const tail of permutationsOf(rest)) out.push([items[i], ...tail]);
  }
  return out;
}

/** n!, the permutations of one group; the product over groups is the cost per state. */
export function orbitBound(groups: readonly (readonly string[])[]): number {
  let n = 1;
  for (const g of groups) for (let k = 2; k <= g.length; k++) n *= k;
  return n;
}

/** The id that `mapping` renames to `id` (`id` itself when none does). Example: `preimage(new Map([['a', 'b']]), 'b') === 'a'`. */
export function preimage(mapping: ReadonlyMap<string, string>, id: string): string {
  for (const [from, to] of mapping) if (to === id) return from;
  return id;
}
