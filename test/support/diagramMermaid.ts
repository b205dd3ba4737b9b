/**
 * Structural readers of the Mermaid text the diagram module writes, written independently of
 * it: every line must have one of the forms below, every id used must be declared, blocks
 * must balance, and labels must hold no character Mermaid would take as syntax (`;`, a raw
 * `#`, `<`, `>`, braces, quotes). Labels are returned with Mermaid's `#NN;` codes decoded.
 */

const ID = '[A-Za-z_][A-Za-z0-9_]*';
/** Text Mermaid reads literally: entity codes allowed, syntax characters not. */
const SAFE = /^(?:[^;#<>{}"`|\\]|#\d+;)*$/;

export function decodeEntities(text: string): string {
  return text.replace(/#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

function frontMatter(lines: string[], errors: string[]): { title?: string; rest: string[]; offset: number } {
  if (lines[0] !== '---') return { rest: lines, offset: 0 };
  const close = lines.indexOf('---', 1);
  if (close < 0) {
    errors.push('front matter is not closed');
    return { rest: [], offset: 0 };
  }
  let title: string | undefined;
  for (const line of lines.slice(1, close)) {
    const m = /^title: (".*")$/.exec(line);
    if (m) title = JSON.parse(m[1]) as string;
    else errors.push(`front matter line not understood: ${line}`);
  }
  return { ...(title === undefined ? {} : { title }), rest: lines.slice(close + 1), offset: close + 1 };
}

function checkText(text: string, where: string, errors: string[]): string {
  if (!SAFE.test(text)) errors.push(`${where}: unescaped syntax character in '${text}'`);
  return decodeEntities(text);
}

export interface ParsedStateDiagram {
  readonly title?: string;
  /** Declared states by id: label and the id of the composite state declaring it ('' = top). */
  readonly states: ReadonlyMap<string, { readonly label: string; readonly block: string; readonly composite: boolean }>;
  readonly edges: readonly { readonly from: string; readonly to: string; readonly label: string; readonly block: string }[];
  readonly initials: readonly { readonly to: string; readonly label?: string; readonly block: string }[];
  readonly descriptions: readonly { readonly of: string; readonly text: string }[];
  readonly notes: readonly { readonly of: string; readonly lines: readonly string[] }[];
  readonly errors: readonly string[];
}

/** Reads a `stateDiagram-v2`; `errors` lists every line or reference that is not well formed. */
export function parseStateDiagram(text: string): ParsedStateDiagram {
  const errors: string[] = [];
  const raw = text.replace(/\n$/, '').split('\n');
  const { title, rest, offset } = frontMatter(raw, errors);
  if (rest[0] !== 'stateDiagram-v2') errors.push(`expected stateDiagram-v2, got '${rest[0]}'`);
  const states = new Map<string, { label: string; block: string; composite: boolean }>();
  const edges: { from: string; to: string; label: string; block: string }[] = [];
  const initials: { to: string; label?: string; block: string }[] = [];
  const descriptions: { of: string; text: string }[] = [];
  const notes: { of: string; lines: string[] }[] = [];
  const stack: string[] = [''];
  let note: { of: string; lines: string[] } | undefined;
  const declare = (id: string, label: string, composite: boolean, where: string) => {
    if (states.has(id)) errors.push(`${where}: state ${id} declared twice`);
    states.set(id, { label: checkText(label, where, errors), block: stack[stack.length - 1], composite });
  };
  rest.slice(1).forEach((line, i) => {
    const where = `line ${offset + i + 2}`;
    const t = line.trim();
    if (note) {
      if (t === 'end note') {
        notes.push(note);
        note = undefined;
      } else note.lines.push(checkText(t, where, errors));
      return;
    }
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^state "([^"]*)" as (${ID}) \\{$`).exec(t))) {
      declare(m[2], m[1], true, where);
      stack.push(m[2]);
    } else if ((m = new RegExp(`^state "([^"]*)" as (${ID})$`).exec(t))) declare(m[2], m[1], false, where);
    else if (t === '}') {
      if (stack.length === 1) errors.push(`${where}: '}' closes nothing`);
      else stack.pop();
    } else if ((m = new RegExp(`^\\[\\*\\] --> (${ID})(?: : (.*))?$`).exec(t))) {
      initials.push({ to: m[1], ...(m[2] === undefined ? {} : { label: checkText(m[2], where, errors) }), block: stack[stack.length - 1] });
    } else if ((m = new RegExp(`^(${ID}) --> (${ID}) : (.+)$`).exec(t))) edges.push({ from: m[1], to: m[2], label: checkText(m[3], where, errors), block: stack[stack.length - 1] });
    else if ((m = new RegExp(`^note (?:left|right) of (${ID})$`).exec(t))) note = { of: m[1], lines: [] };
    else if ((m = new RegExp(`^(${ID}) : (.+)$`).exec(t))) descriptions.push({ of: m[1], text: checkText(m[2], where, errors) });
    else errors.push(`${where}: not understood: '${line}'`);
  });
  if (note) errors.push('a note is not closed');
  if (stack.length !== 1) errors.push(`${stack.length - 1} composite state(s) not closed`);
  const used = [...edges.flatMap((e) => [e.from, e.to]), ...initials.map((i) => i.to), ...descriptions.map((d) => d.of), ...notes.map((n) => n.of)];
  for (const id of used) if (!states.has(id)) errors.push(`state ${id} is used but not declared`);
  return { ...(title === undefined ? {} : { title }), states, edges, initials, descriptions, notes, errors };
}

export type SequenceItem =
  | { readonly kind: 'message'; readonly from: string; readonly to: string; readonly lost: boolean; readonly text: string; readonly inRect: boolean }
  | { readonly kind: 'note'; readonly over: readonly string[]; readonly text: string; readonly inRect: boolean };

export interface ParsedSequenceDiagram {
  readonly title?: string;
  /** Participant id to its shown name, in declaration order. */
  readonly participants: ReadonlyMap<string, string>;
  readonly items: readonly SequenceItem[];
  readonly errors: readonly string[];
}

/** Reads a `sequenceDiagram` with participants, `->>` and `-x` messages, notes and `rect` blocks. */
export function parseSequenceDiagram(text: string): ParsedSequenceDiagram {
  const errors: string[] = [];
  const raw = text.replace(/\n$/, '').split('\n');
  const { title, rest, offset } = frontMatter(raw, errors);
  if (rest[0] !== 'sequenceDiagram') errors.push(`expected sequenceDiagram, got '${rest[0]}'`);
  const participants = new Map<string, string>();
  const items: SequenceItem[] = [];
  let depth = 0;
  const known = (id: string, where: string) => {
    if (!participants.has(id)) errors.push(`${where}: participant ${id} is not declared`);
  };
  rest.slice(1).forEach((line, i) => {
    const where = `line ${offset + i + 2}`;
    const t = line.trim();
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^participant (${ID}) as (.+)$`).exec(t))) {
      if (items.length > 0) errors.push(`${where}: participant declared after the first message`);
      participants.set(m[1], checkText(m[2], where, errors));
    } else if ((m = new RegExp(`^(${ID})(->>|-x)(${ID}): (.+)$`).exec(t))) {
      known(m[1], where);
      known(m[3], where);
      items.push({ kind: 'message', from: m[1], to: m[3], lost: m[2] === '-x', text: checkText(m[4], where, errors), inRect: depth > 0 });
    } else if ((m = new RegExp(`^Note over (${ID})(?:,(${ID}))?: (.+)$`).exec(t))) {
      const over = m[2] === undefined ? [m[1]] : [m[1], m[2]];
      for (const id of over) known(id, where);
      items.push({ kind: 'note', over, text: checkText(m[3], where, errors), inRect: depth > 0 });
    } else if (/^rect rgba?\(\d+, \d+, \d+(?:, [\d.]+)?\)$/.test(t)) depth++;
    else if (t === 'end') {
      if (depth === 0) errors.push(`${where}: 'end' closes nothing`);
      else depth--;
    } else errors.push(`${where}: not understood: '${line}'`);
  });
  if (depth !== 0) errors.push('a rect is not closed');
  return { ...(title === undefined ? {} : { title }), participants, items, errors };
}
