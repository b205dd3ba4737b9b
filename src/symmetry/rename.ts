/**
 * Renaming node ids inside plain JSON values, for symmetry reduction.
 *
 * The generic renamer replaces every string equal to a renamed id, as a value or as an
 * object key, and re-sorts every array whose elements are all renamed ids: the house rule
 * stores a set of nodes as a sorted array, and a renamed set must be sorted again to stay
 * canonical. A model whose contexts or messages hold a *sequence* of node ids (an order that
 * matters), or a string that equals a node id without meaning that node, must supply its own
 * `rename` in its Symmetry instead.
 *
 * Example: `deepRename({votedFor: 's1', votes: ['s1', 's3']}, new Map([['s1', 's3'], ['s3', 's1']]))`
 * is `{votedFor: 's3', votes: ['s1', 's3']}`.
 */
export function deepRename(value: unknown, mapping: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return mapping.get(value) ?? value;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let allIds = value.length > 0;
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v !== 'string' || !mapping.has(v)) allIds = false;
      out[i] = deepRename(v, mapping);
    }
    return allIds ? out.sort() : out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[mapping.get(key) ?? key] = deepRename((value as Record<string, unknown>)[key], mapping);
  return out;
}
