import { bfs } from '../checker/bfs.ts';
import type { CheckOptions } from '../checker/result.ts';
import { resolveParams, type ProtocolDefinition } from '../model/protocol.ts';
import type { Finding } from './finding.ts';
import { literal, locate } from './locate.ts';

/**
 * Properties that can fail and witnesses that can be reached: every property a protocol
 * declares is named by some broken variant's `breaks`, and (when `check` is on) the checker
 * confirms it: each broken variant's BFS ends in a violation of exactly that property, and
 * the default variant's BFS reaches every witness. A property no variant breaks may be
 * vacuous; a witness never reached means the model cannot do what the protocol is for.
 */

export interface CoverageOptions {
  /** Run the checker; without it only the declared `breaks` are compared. */
  readonly check: boolean;
  /** Limits of each BFS run, so the whole lint stays within a couple of minutes. */
  readonly limits?: CheckOptions;
  /** Told before each run, e.g. to print progress. */
  readonly onRun?: (what: string) => void;
}

// A state bound keeps the verdict the same on a busy machine; the time limit is only a safety net.
export const DEFAULT_LINT_LIMITS: CheckOptions = { maxStates: 150_000, timeLimitMs: 30_000 };

/** Example: `await coverageFindings([paxos], root, { check: false })` is `[]` when every Paxos property has a breaking variant. */
export function coverageFindings(defs: readonly ProtocolDefinition[], root: string, options: CoverageOptions): Finding[] {
  const out: Finding[] = [];
  const limits = options.limits ?? DEFAULT_LINT_LIMITS;
  for (const def of defs) {
    const spec = `spec/${def.name}`;
    const where = (name: string) => locate(root, spec, new RegExp(`['"]${literal(name)}['"]`), `${spec}/properties.ts`);
    const variantAt = (name: string) => locate(root, `models/${def.name}`, new RegExp(`name:\\s*['"]${literal(name)}['"]`), `models/${def.name}/index.ts`);
    const broken = new Set(def.variants.flatMap((v) => (v.breaks ? [v.breaks] : [])));
    for (const property of def.properties) {
      if (!broken.has(property)) out.push({ ...where(property), message: `property ${property} of ${def.name} is broken by no variant: add a variant that violates it, or it may be vacuous` });
    }
    for (const v of def.variants) {
      if (v.breaks && !def.properties.includes(v.breaks)) out.push({ ...variantAt(v.name), message: `variant ${v.name} of ${def.name} breaks '${v.breaks}', which is not one of its properties` });
    }
    if (!options.check) continue;

    for (const v of def.variants) {
      if (!v.breaks) continue;
      options.onRun?.(`${def.name} --variant ${v.name}`);
      const result = bfs(def.build(resolveParams(def, v, {}), v.name), limits);
      const found = result.violation?.property;
      if (found === v.breaks) continue;
      const why = found !== undefined ? `the checker found a violation of ${found} instead` : result.result === 'ok' ? 'every property holds' : `no violation within the lint's limits (${result.incompleteReason ?? 'incomplete'}, ${result.distinctStates} states)`;
      out.push({ ...variantAt(v.name), message: `variant ${v.name} of ${def.name} should break ${v.breaks}, but ${why}` });
    }

    const first = def.variants[0];
    options.onRun?.(`${def.name} --variant ${first.name} (witnesses)`);
    const result = bfs(def.build(resolveParams(def, first, {}), first.name), limits);
    if (result.violation) out.push({ ...variantAt(first.name), message: `variant ${first.name} of ${def.name} violates ${result.violation.property}` });
    for (const [witness, reached] of Object.entries(result.witnesses)) {
      if (reached) continue;
      const cut = result.result === 'incomplete' ? ` (within the lint's limits: ${result.incompleteReason})` : '';
      out.push({ ...where(witness), message: `witness ${witness} of ${def.name} is never reached in variant ${first.name}${cut}` });
    }
  }
  return out;
}
