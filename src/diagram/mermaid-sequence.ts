import { MermaidIds, mermaidText } from './mermaid-text.ts';
import type { SequenceChart, SequenceRow } from './sequence.ts';

/**
 * A trace's sequence chart as a Mermaid `sequenceDiagram`: a participant per node, `->>` for
 * a delivered message, `-x` for a dropped one, notes for everything else. When the trace ends
 * in a violation, the rows of its last step sit in a red `rect` and a note spanning every
 * lifeline says what is violated.
 */

/** Example: `sequenceToMermaid(sequenceOf(readTraceFile('t.itf.json')))` contains `participant n_p1 as p1`. */
export function sequenceToMermaid(chart: SequenceChart): string {
  const ids = new MermaidIds();
  const id = (node: string) => ids.of('n_', node);
  const lines = ['---', `title: ${JSON.stringify(chart.title)}`, '---', 'sequenceDiagram'];
  for (const node of chart.participants) lines.push(`  participant ${id(node)} as ${mermaidText(node)}`);
  const everyone = chart.participants.length > 1 ? `${id(chart.participants[0])},${id(chart.participants[chart.participants.length - 1])}` : id(chart.participants[0]);

  const row = (r: SequenceRow, indent: string) => {
    if (r.kind === 'message') lines.push(`${indent}${id(r.from)}${r.lost ? '-x' : '->>'}${id(r.to)}: ${mermaidText(r.text)}`);
    else lines.push(`${indent}Note over ${r.over.map(id).join(',')}: ${mermaidText(r.text)}`);
  };
  const marked = chart.ending !== undefined && chart.steps > 0;
  for (const r of chart.rows) if (!marked || r.step < chart.steps) row(r, '  ');
  if (marked) {
    lines.push('  rect rgb(255, 226, 226)');
    for (const r of chart.rows) if (r.step === chart.steps) row(r, '    ');
    lines.push(`    Note over ${everyone}: ${mermaidText(chart.ending!)}`);
    lines.push('  end');
  } else if (chart.ending !== undefined) {
    lines.push(`  Note over ${everyone}: ${mermaidText(chart.ending)}`);
  }
  return lines.join('\n') + '\n';
}
