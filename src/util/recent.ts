/**
 * Remembers `compute(key)` for the last few keys, by identity. The checker asks for the
 * view of one state several times in a row (the action properties of every step read the
 * parent's view and the successor's, then the invariants read the successor's again), and
 * a WeakMap holding a view for every state ever generated costs more in garbage collection
 * than it saves: this keeps `slots` entries and forgets the oldest.
 *
 * Example: `const viewOf = recentlyComputed((s: ClusterState) => buildView(s)); viewOf(s) === viewOf(s)`.
 */
export function recentlyComputed<K extends object, V>(compute: (key: K) => V, slots = 4): (key: K) => V {
  const keys: (K | undefined)[] = new Array(slots).fill(undefined);
  const values: (V | undefined)[] = new Array(slots).fill(undefined);
  let next = 0;
  return (key) => {
    for (let i = 0; i < slots; i++) if (keys[i] === key) return values[i] as V;
    const value = compute(key);
    keys[next] = key;
    values[next] = value;
    next = (next + 1) % slots;
    return value;
  };
}
