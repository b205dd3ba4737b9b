/**
 * Text that Mermaid reads literally. Mermaid's lexers end a statement at `;` and read `#...;`
 * as an entity code, and its renderer reads `<...>` as HTML; braces and quotes open blocks
 * and strings in some diagrams. Each such character is written as Mermaid's numeric entity
 * code (`#59;` for `;`), which GitHub's Mermaid renders as the character itself.
 */

const SPECIAL = /[#;<>{}"\\`|]/g;

/** Example: `mermaidText('a; b')` is `a#59; b`. Newlines become spaces: one label, one line. */
export function mermaidText(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').replace(SPECIAL, (ch) => `#${ch.charCodeAt(0)};`);
}

/**
 * An identifier Mermaid accepts for a state or a participant: letters, digits and `_`,
 * starting with `prefix`. Distinct inputs give distinct ids within one `MermaidIds`.
 */
export class MermaidIds {
  private readonly byKey = new Map<string, string>();
  private readonly used = new Set<string>();

  /** Example: `ids.of('s_', 'candidate.voting')` is `s_candidate__voting`. */
  of(prefix: string, name: string): string {
    const key = `${prefix}\u0000${name}`;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const base = prefix + name.replace(/\./g, '__').replace(/[^A-Za-z0-9_]/g, '_');
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
    this.used.add(id);
    this.byKey.set(key, id);
    return id;
  }
}
