import type { ParsedTrace } from '../trace/itf.ts';
import { decodeState } from '../trace/itf.ts';
import type { ClusterAction } from '../system/cluster.ts';
import { describeMessage, type Message } from '../system/message.ts';
import { flattenValue } from '../system/view.ts';

/**
 * A trace as a message sequence chart, before it is drawn: one lifeline per node, and per
 * step the rows that show it. A delivered message is an arrow from its sender to its receiver
 * at the step that delivers it; a dropped one is an arrow that ends in a cross; a local event,
 * a duplication, a crash or a restart is a note over its node; a node whose statechart state
 * the step changed gets a note `now <state>`. Both renderers (Mermaid and SVG) draw this.
 */

export type SequenceRow =
  | { readonly kind: 'message'; readonly step: number; readonly from: string; readonly to: string; readonly text: string; readonly lost: boolean }
  | { readonly kind: 'note'; readonly step: number; readonly over: readonly string[]; readonly text: string };

export interface SequenceChart {
  readonly title: string;
  /** Node ids, in the order the trace's first state lists them. */
  readonly participants: readonly string[];
  readonly rows: readonly SequenceRow[];
  /** Steps in the trace (the last one is `steps`; 0 when the initial state is the end). */
  readonly steps: number;
  /** When the trace ends in a violation: what to say at its last step. */
  readonly ending?: string;
}

/**
 * Builds the chart of a trace read by `readTraceFile`.
 *
 * Example: for a trace where p1 sends Prepare(b=1) to a1 and a1 receives it at step 2,
 * `sequenceOf(trace).rows` holds `{ kind: 'message', step: 2, from: 'p1', to: 'a1', text: '(2) Prepare(b=1)', lost: false }`.
 */
export function sequenceOf(trace: ParsedTrace): SequenceChart {
  const { meta } = trace;
  const states = trace.states.map((s, i) => decodeState(s, meta.network, `state ${i}`));
  const participants = Object.keys(states[0].nodes);
  const isNode = (id: string | undefined): id is string => id !== undefined && participants.includes(id);
  const rows: SequenceRow[] = [];
  trace.actions.forEach((action, i) => {
    const step = i + 1;
    rows.push(...actionRows(action, step, participants, isNode));
    const before = states[i];
    const after = states[step];
    for (const id of participants) {
      const was = flattenValue(before.nodes[id].value);
      const now = flattenValue(after.nodes[id].value);
      if (was !== now) rows.push({ kind: 'note', step, over: [id], text: `now ${now}` });
    }
  });
  const about = meta.property === undefined ? 'a run' : `counterexample to ${meta.property}`;
  return {
    title: `${meta.protocol} (variant ${meta.variant}): ${about}, ${trace.actions.length} steps`,
    participants,
    rows,
    steps: trace.actions.length,
    ...(meta.property === undefined ? {} : { ending: endingText(meta.property, meta.propertyKind, trace.actions.length) }),
  };
}

function actionRows(action: ClusterAction, step: number, participants: readonly string[], isNode: (id: string | undefined) => id is string): SequenceRow[] {
  const numbered = (text: string) => `(${step}) ${text}`;
  const note = (over: readonly string[], text: string): SequenceRow => ({ kind: 'note', step, over, text: numbered(text) });
  // A message's own node, or every node when it names none we know (a broadcast in flight).
  const aboutMessage = (msg: Message): string[] => {
    const ends = [msg.from, msg.to].filter(isNode);
    return ends.length > 0 ? [...new Set(ends)] : [participants[0], participants[participants.length - 1]];
  };
  switch (action.kind) {
    case 'deliver':
      if (isNode(action.msg.from)) return [{ kind: 'message', step, from: action.msg.from, to: action.node, text: numbered(describeMessage(action.msg)), lost: false }];
      return [note([action.node], `receives ${describeMessage(action.msg)}${action.msg.from === undefined ? '' : ` from ${action.msg.from}`}`)];
    case 'local':
      return [note([action.node], describeMessage(action.event as Message))];
    case 'drop':
      if (isNode(action.msg.from) && isNode(action.msg.to)) return [{ kind: 'message', step, from: action.msg.from, to: action.msg.to, text: numbered(`${describeMessage(action.msg)} dropped`), lost: true }];
      return [note(aboutMessage(action.msg), `network drops ${describeMessage(action.msg)}`)];
    case 'duplicate':
      return [note(aboutMessage(action.msg), `network duplicates ${describeMessage(action.msg)}${action.msg.to === undefined ? '' : ` to ${action.msg.to}`}`)];
    case 'restart':
      return [note([action.node], 'crashes and restarts')];
    case 'crash':
      return [note([action.node], 'crashes')];
    case 'recover':
      return [note([action.node], 'recovers')];
  }
}

function endingText(property: string, kind: string | undefined, steps: number): string {
  if (kind === 'deadlock' || property === 'Deadlock') return `Deadlock: no step is enabled ${steps === 0 ? 'in the initial state' : `after step ${steps}`}`;
  if (kind === 'action') return `step ${steps} violates ${property}`;
  return steps === 0 ? `the initial state violates ${property}` : `${property} is violated after step ${steps}`;
}
