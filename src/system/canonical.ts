/**
 * Canonical JSON: object keys sorted, so two values that differ only in key order encode the
 * same. Arrays keep their order (a log is a sequence); a model stores a set as a sorted array.
 *
 * Example: `canonical({b: 1, a: [2, 1]}) === '{"a":[2,1],"b":1}'`.
 */
export function canonical(value: unknown): string {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`cannot encode the number ${value}`);
      return String(value);
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += canonical(value[i]);
        }
        return out + ']';
      }
      const record = value as Record<string, unknown>;
      const keys = sortedKeys(record);
      let out = '{';
      let first = true;
      for (const key of keys) {
        // An absent field and an undefined one are the same state.
        if (record[key] === undefined) continue;
        if (!first) out += ',';
        first = false;
        out += quotedKey(key) + ':' + canonical(record[key]);
      }
      return out + '}';
    }
    default:
      throw new Error(`cannot encode a value of type ${typeof value}`);
  }
}

/** An object's keys, sorted. Example: `sortedKeys({b: 1, a: 2})` is `['a', 'b']`. */
function sortedKeys(record: object): string[] {
  const keys = Object.keys(record);
  // Most objects are built with their fields in one order: sort only when it is not sorted.
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) {
      keys.sort();
      break;
    }
  }
  return keys;
}

// Field names repeat in every state: quote each once.
const quoted = new Map<string, string>();
function quotedKey(key: string): string {
  let q = quoted.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    // Node ids used as keys are few; a bound keeps a model with data-valued keys from growing this without end.
    if (quoted.size < 4096) quoted.set(key, q);
  }
  return q;
}
