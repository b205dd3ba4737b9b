import { UsageError } from '../model/errors.ts';

/**
 * Plain JSON values (what a node's context holds) to and from the value encodings of the
 * Informal Trace Format (Apalache ADR-015), as Quint writes them:
 * - integers as `{"#bigint": "42"}` (every integer, so Quint and the Rust `itf` crate read them);
 * - strings and booleans as themselves; arrays as ITF lists; objects as ITF records;
 * - `null` as Quint's `None` variant, `{"tag": "None", "value": {"#tup": []}}`, since ITF has
 *   no null; a record of exactly that shape therefore reads back as null;
 * - a non-integer number (ITF has none) as `{"#unserializable": "1.5"}`.
 * `#set`, `#map` and `#tup` are built by the trace encoder itself (networks, node maps).
 */

export type ItfValue = boolean | string | number | ItfValue[] | { readonly [key: string]: ItfValue };

/** The encoding of `null`: Quint's `None`. */
export const ITF_NONE: ItfValue = { tag: 'None', value: { '#tup': [] } };

/** Encodes plain JSON as an ITF value. Example: `toItfValue({n: 1}) -> {n: {"#bigint": "1"}}`. */
export function toItfValue(value: unknown): ItfValue {
  switch (typeof value) {
    case 'number':
      if (Number.isInteger(value)) return { '#bigint': String(value) };
      return { '#unserializable': String(value) };
    case 'string':
    case 'boolean':
      return value;
    case 'object': {
      if (value === null) return ITF_NONE;
      if (Array.isArray(value)) return value.map(toItfValue);
      const out: Record<string, ItfValue> = {};
      for (const key of Object.keys(value).sort()) {
        const field = (value as Record<string, unknown>)[key];
        // An absent field and an undefined one are the same state (see canonical.ts).
        if (field !== undefined) out[key] = toItfValue(field);
      }
      return out;
    }
    default:
      throw new Error(`cannot write a value of type ${typeof value} to a trace`);
  }
}

/**
 * Decodes an ITF value back to plain JSON; the inverse of `toItfValue` for records, lists and
 * scalars. Also accepts plain JSON integers, which the ITF specification allows. `#set`,
 * `#map` and `#tup` decode to arrays (of elements, of [key, value] pairs, of members).
 * Throws UsageError on anything that is not ITF, naming where (`at`).
 */
export function fromItfValue(value: unknown, at = 'value'): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isInteger(value)) throw new UsageError(`${at} is the number ${value}, which ITF does not allow`);
      return value;
    case 'object': {
      if (value === null) throw new UsageError(`${at} is null, which ITF does not allow`);
      if (Array.isArray(value)) return value.map((v, i) => fromItfValue(v, `${at}[${i}]`));
      const record = value as Record<string, unknown>;
      if ('#bigint' in record) {
        const text = record['#bigint'];
        if (typeof text !== 'string' || !/^-?\d+$/.test(text)) throw new UsageError(`${at} has a malformed #bigint`);
        const n = Number(text);
        if (!Number.isSafeInteger(n)) throw new UsageError(`${at} is the integer ${text}, too large for Soffio`);
        return n;
      }
      if ('#unserializable' in record) {
        const n = Number(record['#unserializable']);
        if (!Number.isFinite(n)) throw new UsageError(`${at} is unserializable: ${String(record['#unserializable'])}`);
        return n;
      }
      for (const tag of ['#set', '#tup'] as const) {
        if (tag in record) {
          const items = record[tag];
          if (!Array.isArray(items)) throw new UsageError(`${at} has a malformed ${tag}`);
          return items.map((v, i) => fromItfValue(v, `${at}[${i}]`));
        }
      }
      if ('#map' in record) return mapEntries(value, at).map(([k, v], i) => [fromItfValue(k, `${at} key ${i}`), fromItfValue(v, `${at}[${i}]`)]);
      if (isNone(record)) return null;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(record)) out[key] = fromItfValue(record[key], `${at}.${key}`);
      return out;
    }
    default:
      throw new UsageError(`${at} is not an ITF value`);
  }
}

/** The [key, value] pairs of an ITF `#map`; UsageError when `value` is not one. */
export function mapEntries(value: unknown, at: string): [unknown, unknown][] {
  const entries = isRecord(value) ? value['#map'] : undefined;
  if (!Array.isArray(entries) || !entries.every((e) => Array.isArray(e) && e.length === 2)) throw new UsageError(`${at} is not an ITF #map`);
  return entries as [unknown, unknown][];
}

/** The members of an ITF `#set`; UsageError when `value` is not one. */
export function setMembers(value: unknown, at: string): unknown[] {
  const members = isRecord(value) ? value['#set'] : undefined;
  if (!Array.isArray(members)) throw new UsageError(`${at} is not an ITF #set`);
  return members;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNone(record: Record<string, unknown>): boolean {
  const keys = Object.keys(record);
  if (keys.length !== 2 || record.tag !== 'None' || !isRecord(record.value)) return false;
  const inner = record.value;
  // Quint writes None's payload as the empty tuple; older traces as the empty record.
  const payloadKeys = Object.keys(inner);
  return payloadKeys.length === 0 || (payloadKeys.length === 1 && Array.isArray(inner['#tup']) && inner['#tup'].length === 0);
}
