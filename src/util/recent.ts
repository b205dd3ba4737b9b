/**
 * Remembers `compute(key)` for the last few keys used, by identity. The checker asks for the
 * view of one state several times in a row (the action properties of every step read the
 * parent's view and the successor's, then the invariants read the successor's again), and
 * a WeakMap holding a view for every state ever generated costs more in garbage collection
 * than it saves: this keeps `slots` entries and forgets the least recently used, so that a
 * key asked for again and again between new ones (the parent state, a node its successors
 * share) stays.
 *
 * Example: `const viewOf = recentlyComputed((s: ClusterState) => buildView(s)); viewOf(s) === viewOf(s)`.
 */
export function recentlyComputed<K extends object, V>(compute: (key: K) => V, slots = 4): (key: K) => V {
  // Most recently used first.
  const keys: (K | undefined)[] = new Array(slots).fill(undefined);
  const values: (V | undefined)[] = new Array(slots).fill(undefined);
  return (key) => {
    if (keys[0] === key) return values[0] as V;
    let at = 1;
    while (at < slots && keys[at] !== key) at++;
    const value = at < slots ? (values[at] as V) : compute(key);
    // Move it to the front; a new key pushes the least recently used one out.
    for (let i = Math.min(at, slots - 1); i > 0; i--) {
      keys[i] = keys[i - 1];
      values[i] = values[i - 1];
    }
    keys[0] = key;
    values[0] = value;
    return value;
  };
}
