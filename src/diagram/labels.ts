import type { ChartEdge, ChartState } from './statechart.ts';

/**
 * The words on a statechart diagram, shared by the Mermaid and DOT renderers so both say the
 * same thing: `EVENT [guardName] / actionA, actionB` on transitions, `entry / a` and `exit / b`
 * inside states, and, with `--detail`, the source text of each named guard and action.
 */

/** Example: `transitionLabel({ event: 'Timeout', guard: 'isFollower', actions: ['startElection'] })` is `Timeout [isFollower] / startElection`. */
export function transitionLabel(edge: Pick<ChartEdge, 'event' | 'guard' | 'actions'>): string {
  return triggerLabel(edge) + (edge.actions.length > 0 ? ' ' + actionsLabel(edge.actions) : '');
}

/** The event and guard part of a transition label: `RequestVote [isNewerTerm]`. */
export function triggerLabel(edge: Pick<ChartEdge, 'event' | 'guard'>): string {
  return edge.guard === undefined ? edge.event : `${edge.event} [${edge.guard}]`;
}

/** Example: `actionsLabel(['adoptTerm', 'reply'])` is `/ adoptTerm, reply`. */
export function actionsLabel(actions: readonly string[]): string {
  return `/ ${actions.join(', ')}`;
}

/** The lines a state shows under its name: `entry / startReplication`, `exit / forgetReplication`. */
export function stateActivityLines(state: ChartState): string[] {
  const lines: string[] = [];
  if (state.entry.length > 0) lines.push(`entry ${actionsLabel(state.entry)}`);
  if (state.exit.length > 0) lines.push(`exit ${actionsLabel(state.exit)}`);
  return lines;
}

/** The source text of a model's named guards and actions (see sources.ts); undefined when unknown. */
export interface ImplementationSources {
  guard(name: string): string | undefined;
  action(name: string): string | undefined;
}

/**
 * Definitions for a reader, one per distinct source text: `guard isNewerTerm = (...) => ...`.
 * Names with the same text (several actions made by one helper) share one entry:
 * `action requestVoteOfPeer1, requestVoteOfPeer2 = ...`.
 */
export function definitions(refs: readonly { readonly kind: 'guard' | 'action'; readonly name: string }[], sources: ImplementationSources): string[] {
  const groups = new Map<string, { kind: string; names: string[]; text: string }>();
  for (const { kind, name } of refs) {
    const text = (kind === 'guard' ? sources.guard(name) : sources.action(name)) ?? '(source not found)';
    const key = `${kind}\u0000${text}`;
    const group = groups.get(key);
    if (!group) groups.set(key, { kind, names: [name], text });
    else if (!group.names.includes(name)) group.names.push(name);
  }
  return [...groups.values()].map((g) => `${g.kind} ${g.names.join(', ')} = ${g.text}`);
}

/** The definitions behind one transition: its guard, then its actions. */
export function edgeDefinitions(edge: Pick<ChartEdge, 'guard' | 'actions'>, sources: ImplementationSources): string[] {
  return definitions(edgeRefs(edge), sources);
}

export function edgeRefs(edge: Pick<ChartEdge, 'guard' | 'actions'>): { kind: 'guard' | 'action'; name: string }[] {
  return [...(edge.guard === undefined ? [] : [{ kind: 'guard' as const, name: edge.guard }]), ...edge.actions.map((name) => ({ kind: 'action' as const, name }))];
}

/** The definitions behind a state's entry and exit actions. */
export function stateDefinitions(state: ChartState, sources: ImplementationSources): string[] {
  return definitions(stateRefs(state), sources);
}

export function stateRefs(state: ChartState): { kind: 'guard' | 'action'; name: string }[] {
  return [...state.entry, ...state.exit].map((name) => ({ kind: 'action' as const, name }));
}

export function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
