import type { SequenceChart, SequenceRow } from './sequence.ts';

/**
 * A trace's sequence chart drawn directly as SVG (no Graphviz: a sequence chart is a grid).
 * Lifelines are columns; every row is one message or note, top to bottom in step order. The
 * rows of the last step of a violating trace sit on a red band, with what is violated under
 * it. Text widths are estimated from character counts, which is enough for a readable layout.
 */

const FONT_SIZE = 12;
/** Average advance of one character at FONT_SIZE in a sans-serif font, rounded up. */
const CHAR_WIDTH = 7;
const MARGIN = 20;
const TITLE_HEIGHT = 28;
const HEAD_HEIGHT = 30;
const MESSAGE_HEIGHT = 34;
const NOTE_HEIGHT = 28;
const COLUMN_MIN = 140;
const COLUMN_MAX = 420;

/** Example: `sequenceToSvg(sequenceOf(trace))` starts with `<svg xmlns="http://www.w3.org/2000/svg"`. */
export function sequenceToSvg(chart: SequenceChart): string {
  const textWidth = (text: string) => text.length * CHAR_WIDTH;
  // Columns wide enough for the longest message between neighbours, within bounds.
  const longest = Math.max(0, ...chart.rows.filter((r) => r.kind === 'message').map((r) => textWidth(r.text) / Math.max(1, span(chart, r))));
  const column = Math.round(Math.min(COLUMN_MAX, Math.max(COLUMN_MIN, longest + 30)));
  const xOf = (node: string) => MARGIN + column * (chart.participants.indexOf(node) + 0.5);

  const body: string[] = [];
  const top = MARGIN + TITLE_HEIGHT;
  const lifelineTop = top + HEAD_HEIGHT;
  let y = lifelineTop + 12;
  let minX = MARGIN;
  // Wide enough for the title too, set one size larger than the rest.
  let maxX = Math.max(MARGIN + column * chart.participants.length, MARGIN + (textWidth(chart.title) * (FONT_SIZE + 2)) / FONT_SIZE);
  let band: { top: number; bottom: number } | undefined;
  const marked = chart.ending !== undefined && chart.steps > 0;

  for (const row of chart.rows) {
    const height = row.kind === 'message' ? MESSAGE_HEIGHT : NOTE_HEIGHT;
    if (marked && row.step === chart.steps && band === undefined) band = { top: y - 4, bottom: y };
    if (row.kind === 'message') body.push(...message(row, xOf(row.from), xOf(row.to), y + height - 10));
    else {
      const xs = row.over.map(xOf);
      const width = Math.max(textWidth(row.text) + 16, Math.max(...xs) - Math.min(...xs) + 40);
      const left = (Math.min(...xs) + Math.max(...xs)) / 2 - width / 2;
      minX = Math.min(minX, left - 4);
      maxX = Math.max(maxX, left + width + 4);
      body.push(`<rect x="${left}" y="${y + 3}" width="${width}" height="${height - 6}" fill="#fff8c4" stroke="#c8b400"/>`);
      body.push(`<text x="${left + width / 2}" y="${y + height / 2 + 4}" text-anchor="middle">${xmlText(row.text)}</text>`);
    }
    y += height;
    if (band !== undefined && row.step === chart.steps) band.bottom = y + 2;
  }
  const endings: string[] = [];
  if (chart.ending !== undefined) {
    const width = textWidth(chart.ending) + 16;
    const center = MARGIN + (column * chart.participants.length) / 2;
    minX = Math.min(minX, center - width / 2 - 4);
    maxX = Math.max(maxX, center + width / 2 + 4);
    endings.push(`<text x="${center}" y="${y + 18}" text-anchor="middle" fill="#b00020" font-weight="bold">${xmlText(chart.ending)}</text>`);
    y += 28;
  }
  const bottom = y + 8;

  const out: string[] = [];
  const width = maxX - minX + MARGIN;
  const height = bottom + HEAD_HEIGHT + MARGIN;
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${minX - MARGIN / 2} 0 ${width} ${height}" width="${width}" height="${height}" font-family="Helvetica, Arial, sans-serif" font-size="${FONT_SIZE}">`);
  out.push(`<title>${xmlText(chart.title)}</title>`);
  out.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#333"/></marker></defs>');
  out.push(`<rect x="${minX - MARGIN / 2}" y="0" width="${width}" height="${height}" fill="white"/>`);
  out.push(`<text x="${MARGIN}" y="${MARGIN + 8}" font-weight="bold" font-size="${FONT_SIZE + 2}">${xmlText(chart.title)}</text>`);
  if (band) out.push(`<rect x="${minX}" y="${band.top}" width="${maxX - minX}" height="${band.bottom - band.top}" fill="#ffe2e2"/>`);
  for (const node of chart.participants) {
    const x = xOf(node);
    const boxWidth = Math.max(60, textWidth(node) + 20);
    out.push(`<line x1="${x}" y1="${lifelineTop}" x2="${x}" y2="${bottom}" stroke="#999" stroke-dasharray="4 3"/>`);
    for (const boxTop of [top, bottom]) {
      out.push(`<rect x="${x - boxWidth / 2}" y="${boxTop}" width="${boxWidth}" height="${HEAD_HEIGHT}" rx="4" fill="#eef3ff" stroke="#335"/>`);
      out.push(`<text x="${x}" y="${boxTop + HEAD_HEIGHT / 2 + 4}" text-anchor="middle" font-weight="bold">${xmlText(node)}</text>`);
    }
  }
  out.push(...body, ...endings, '</svg>');
  return out.join('\n') + '\n';
}

/** How many columns a message crosses (1 for neighbours; a self-message counts as 1). */
function span(chart: SequenceChart, row: SequenceRow & { kind: 'message' }): number {
  return Math.abs(chart.participants.indexOf(row.to) - chart.participants.indexOf(row.from)) || 1;
}

function message(row: SequenceRow & { kind: 'message' }, x1: number, x2: number, y: number): string[] {
  // A white halo under the letters keeps lifelines that cross a label from striking it through.
  const label = (x: number, baseline: number) => `<text x="${x}" y="${baseline}" text-anchor="middle" stroke="white" stroke-width="4" paint-order="stroke">${xmlText(row.text)}</text>`;
  if (x1 === x2) {
    // A message to oneself: a loop to the right of the lifeline, its label beside it.
    return [`<path d="M ${x1} ${y - 10} h 30 v 10 h -30" fill="none" stroke="#333" marker-end="url(#arrow)"/>`, label(x1 + 36 + (row.text.length * CHAR_WIDTH) / 2, y - 1)];
  }
  if (!row.lost) return [`<line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="#333" marker-end="url(#arrow)"/>`, label((x1 + x2) / 2, y - 6)];
  // A dropped message stops three quarters of the way, at a cross.
  const end = x1 + (x2 - x1) * 0.75;
  return [
    `<line x1="${x1}" y1="${y}" x2="${end}" y2="${y}" stroke="#333" stroke-dasharray="6 3"/>`,
    `<path d="M ${end - 5} ${y - 5} L ${end + 5} ${y + 5} M ${end - 5} ${y + 5} L ${end + 5} ${y - 5}" stroke="#b00020" stroke-width="2"/>`,
    label((x1 + x2) / 2, y - 6),
  ];
}

/** Text for an SVG text node or attribute. Example: `xmlText('a < b & "c"')` is `a &lt; b &amp; &quot;c&quot;`. */
export function xmlText(text: string): string {
  // Control characters other than tab and newlines are not allowed anywhere in XML 1.0.
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
