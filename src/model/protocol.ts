import type { ClusterModel } from '../system/cluster.ts';
import { UsageError } from './errors.ts';
import type { ParamValue, Params } from './model.ts';

/** A named parameter of a protocol: a size or a bound, printed with every result. */
export type ParamSpec =
  | { readonly name: string; readonly type: 'int'; readonly default: number; readonly min: number; readonly max: number; readonly description: string }
  | { readonly name: string; readonly type: 'bool'; readonly default: boolean; readonly description: string }
  | { readonly name: string; readonly type: 'enum'; readonly default: string; readonly choices: readonly string[]; readonly description: string };

export interface VariantSpec {
  readonly name: string;
  readonly description: string;
  /** Parameter defaults of this variant, when its bug needs larger bounds to show. */
  readonly defaults?: Readonly<Record<string, ParamValue>>;
  /** The property a broken variant is expected to violate (documentation and tests). */
  readonly breaks?: string;
  /** Parameters that this variant does not read; giving one is an error. */
  readonly ignores?: readonly string[];
}

/**
 * What a protocol registers with Soffio: its roles, parameters and variants, and how to
 * build its model for a given choice of them. Add one in models/<protocol>/index.ts and
 * list it in src/registry.ts.
 */
export interface ProtocolDefinition {
  readonly name: string;
  readonly description: string;
  readonly roles: readonly string[];
  readonly params: readonly ParamSpec[];
  /** The first variant is the default. */
  readonly variants: readonly VariantSpec[];
  /** Names of the properties (invariants and action properties) and witnesses, for `soffio list`. */
  readonly properties: readonly string[];
  readonly witnesses: readonly string[];
  build(params: Params, variant: string): ClusterModel;
}

export function variantOf(def: ProtocolDefinition, variant: string | undefined): VariantSpec {
  if (variant === undefined) return def.variants[0];
  const found = def.variants.find((v) => v.name === variant);
  if (!found) throw new UsageError(`unknown variant '${variant}' of ${def.name} (known: ${def.variants.map((v) => v.name).join(', ')})`);
  return found;
}

/**
 * Validates `key=value` parameters against a protocol's specs, filling in the variant's
 * defaults, then the protocol's. Throws UsageError naming the first bad one.
 */
export function resolveParams(def: ProtocolDefinition, variant: VariantSpec, given: Readonly<Record<string, string | ParamValue>>): Params {
  const out: Record<string, ParamValue> = {};
  for (const key of Object.keys(given)) {
    if (!def.params.some((p) => p.name === key)) {
      throw new UsageError(`unknown parameter '${key}' of ${def.name} (known: ${def.params.map((p) => p.name).join(', ')})`);
    }
    if (variant.ignores?.includes(key)) throw new UsageError(`parameter '${key}' does not apply to variant '${variant.name}' of ${def.name}`);
  }
  for (const spec of def.params) {
    if (variant.ignores?.includes(spec.name)) continue;
    const raw = given[spec.name] ?? variant.defaults?.[spec.name] ?? spec.default;
    out[spec.name] = parseParam(def.name, spec, raw);
  }
  return out;
}

function parseParam(protocol: string, spec: ParamSpec, raw: string | ParamValue): ParamValue {
  const text = String(raw).trim();
  switch (spec.type) {
    case 'int': {
      if (!/^-?\d+$/.test(text)) throw new UsageError(`parameter '${spec.name}' of ${protocol} must be an integer, got '${text}'`);
      const n = Number(text);
      if (n < spec.min || n > spec.max) throw new UsageError(`parameter '${spec.name}' of ${protocol} must be between ${spec.min} and ${spec.max}, got ${n}`);
      return n;
    }
    case 'bool': {
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      throw new UsageError(`parameter '${spec.name}' of ${protocol} must be true or false, got '${text}'`);
    }
    case 'enum': {
      if (!spec.choices.includes(text)) throw new UsageError(`parameter '${spec.name}' of ${protocol} must be one of ${spec.choices.join(', ')}, got '${text}'`);
      return text;
    }
  }
}
