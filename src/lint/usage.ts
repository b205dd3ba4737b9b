import type { AnyStateMachine } from 'xstate';
import { readStatechart } from '../diagram/statechart.ts';
import { resolveParams, type ProtocolDefinition } from '../model/protocol.ts';
import type { Finding } from './finding.ts';
import { literal, locate } from './locate.ts';

/**
 * Every guard and action a machine's `setup` names is used by the machine, and the machine
 * uses no inline (anonymous) one. Read from the running machines of every variant, not from
 * the source, so names that a spread or a helper brings in count as well.
 */

/** The names a machine's setup declares and the names its statechart uses. */
export function implementationUse(machine: AnyStateMachine): { declared: { guards: string[]; actions: string[] }; used: Set<string>; inline: string[] } {
  const impl = (machine as { implementations?: { guards?: Record<string, unknown>; actions?: Record<string, unknown> } }).implementations ?? {};
  const chart = readStatechart(machine);
  const used = new Set<string>();
  for (const edge of chart.edges) {
    if (edge.guard !== undefined) used.add(edge.guard);
    for (const a of edge.actions) used.add(a);
  }
  for (const state of chart.states) for (const a of [...state.entry, ...state.exit, ...state.initialActions]) used.add(a);
  return {
    declared: { guards: Object.keys(impl.guards ?? {}), actions: Object.keys(impl.actions ?? {}) },
    used,
    inline: [...used].filter((name) => name.startsWith('inline')),
  };
}

/**
 * Findings for every protocol: named guards and actions that no variant's machine uses (a
 * broken variant may leave out a rule its setup still names), and inline ones.
 *
 * Example: a setup declaring guard `neverUsed` gives
 * `models/toy/machine.ts:12: guard 'neverUsed' of machine 'toy' is declared in setup but never used`.
 */
export function usageFindings(defs: readonly ProtocolDefinition[], root: string): Finding[] {
  const out: Finding[] = [];
  for (const def of defs) {
    const folder = `models/${def.name}`;
    // Per machine id: what its setups declare and what any variant's statechart uses.
    const machines = new Map<string, { guards: Set<string>; actions: Set<string>; used: Set<string>; inline: Set<string> }>();
    for (const variant of def.variants) {
      const model = def.build(resolveParams(def, variant, {}), variant.name);
      for (const role of model.definition.roles) {
        const { declared, used, inline } = implementationUse(role.machine);
        const entry = machines.get(role.machine.id) ?? { guards: new Set(), actions: new Set(), used: new Set(), inline: new Set() };
        declared.guards.forEach((n) => entry.guards.add(n));
        declared.actions.forEach((n) => entry.actions.add(n));
        used.forEach((n) => entry.used.add(n));
        inline.forEach((n) => entry.inline.add(n));
        machines.set(role.machine.id, entry);
      }
    }
    for (const [id, entry] of machines) {
      for (const [kind, names] of [['guard', entry.guards], ['action', entry.actions]] as const) {
        for (const name of names) {
          if (entry.used.has(name)) continue;
          const at = locate(root, folder, new RegExp(`\\b${literal(name)}\\s*[:(]`), `${folder}/index.ts`);
          out.push({ ...at, message: `${kind} '${name}' of machine '${id}' is declared in setup but used by no transition, entry or exit` });
        }
      }
      for (const name of entry.inline) {
        const at = locate(root, folder, new RegExp(`id:\\s*['"]${literal(id)}['"]`), `${folder}/index.ts`);
        out.push({ ...at, message: `machine '${id}' uses an ${name === 'inline' ? 'anonymous' : name} guard or action; name it in setup` });
      }
    }
  }
  return out;
}
