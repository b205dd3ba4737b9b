/**
 * A small XML well-formedness checker for the SVG tests (the project has no XML parser):
 * an optional prolog and DOCTYPE, comments, one root element, tags that nest and close,
 * quoted attributes without `<` and with unique names, and `&` only in entity references.
 * Returns the decoded text content and attribute values, so tests can look for names in them.
 */

export interface XmlCheck {
  readonly errors: readonly string[];
  readonly root?: string;
  /** Decoded text of every text node, in document order (whitespace-only ones left out). */
  readonly texts: readonly string[];
  /** Decoded values of every attribute, as `name=value`. */
  readonly attributes: readonly string[];
  /** Element names in document order. */
  readonly elements: readonly string[];
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_.:]*/;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);/y;

function decode(text: string, where: string, errors: string[]): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '&') {
      out += text[i];
      continue;
    }
    ENTITY.lastIndex = i;
    const m = ENTITY.exec(text);
    if (!m) {
      errors.push(`${where}: '&' that starts no entity reference`);
      continue;
    }
    const ref = m[0].slice(1, -1);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    out += named[ref] ?? String.fromCodePoint(ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : Number(ref.slice(1)));
    i += m[0].length - 1;
  }
  return out;
}

export function checkXml(xml: string): XmlCheck {
  const errors: string[] = [];
  const texts: string[] = [];
  const attributes: string[] = [];
  const elements: string[] = [];
  const stack: string[] = [];
  let root: string | undefined;
  let i = 0;
  const at = () => `offset ${i}`;

  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) return { errors: ['prolog not closed'], texts, attributes, elements };
    i = end + 2;
  }
  while (i < xml.length) {
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) {
        errors.push(`${at()}: comment not closed`);
        break;
      }
      if (xml.slice(i + 4, end).includes('--')) errors.push(`${at()}: '--' inside a comment`);
      i = end + 3;
    } else if (xml.startsWith('<!DOCTYPE', i)) {
      if (root !== undefined || stack.length > 0) errors.push(`${at()}: DOCTYPE after the root element`);
      const end = xml.indexOf('>', i);
      if (end < 0 || xml.slice(i, end).includes('[')) errors.push(`${at()}: DOCTYPE not understood`);
      i = end < 0 ? xml.length : end + 1;
    } else if (xml.startsWith('</', i)) {
      const m = NAME.exec(xml.slice(i + 2));
      const close = xml.indexOf('>', i);
      if (!m || close < 0 || xml.slice(i + 2 + m[0].length, close).trim() !== '') {
        errors.push(`${at()}: malformed end tag`);
        break;
      }
      const open = stack.pop();
      if (open !== m[0]) errors.push(`${at()}: </${m[0]}> closes <${open ?? 'nothing'}>`);
      i = close + 1;
    } else if (xml[i] === '<') {
      const m = NAME.exec(xml.slice(i + 1));
      if (!m) {
        errors.push(`${at()}: '<' that starts no tag`);
        break;
      }
      const name = m[0];
      if (stack.length === 0) {
        if (root !== undefined) errors.push(`${at()}: a second root element <${name}>`);
        root = name;
      }
      elements.push(name);
      i += 1 + name.length;
      const seen = new Set<string>();
      for (;;) {
        const space = /^\s*/.exec(xml.slice(i))![0].length;
        i += space;
        if (xml.startsWith('/>', i)) {
          i += 2;
          break;
        }
        if (xml[i] === '>') {
          stack.push(name);
          i += 1;
          break;
        }
        const a = NAME.exec(xml.slice(i));
        if (!a || space === 0) {
          errors.push(`${at()}: malformed attribute in <${name}>`);
          return { errors, ...(root === undefined ? {} : { root }), texts, attributes, elements };
        }
        i += a[0].length;
        const eq = /^\s*=\s*(["'])/.exec(xml.slice(i));
        if (!eq) {
          errors.push(`${at()}: attribute ${a[0]} has no quoted value`);
          return { errors, ...(root === undefined ? {} : { root }), texts, attributes, elements };
        }
        i += eq[0].length;
        const end = xml.indexOf(eq[1], i);
        const value = xml.slice(i, end);
        if (end < 0 || value.includes('<')) errors.push(`${at()}: bad value of attribute ${a[0]}`);
        if (seen.has(a[0])) errors.push(`${at()}: attribute ${a[0]} given twice in <${name}>`);
        seen.add(a[0]);
        attributes.push(`${a[0]}=${decode(value, at(), errors)}`);
        i = end + 1;
      }
    } else {
      const next = xml.indexOf('<', i);
      const text = xml.slice(i, next < 0 ? xml.length : next);
      if (text.trim() !== '') {
        if (stack.length === 0) errors.push(`${at()}: text outside the root element`);
        texts.push(decode(text, at(), errors));
      }
      i = next < 0 ? xml.length : next;
    }
  }
  if (stack.length > 0) errors.push(`elements not closed: ${stack.join(' > ')}`);
  if (root === undefined) errors.push('no root element');
  return { errors, ...(root === undefined ? {} : { root }), texts, attributes, elements };
}
