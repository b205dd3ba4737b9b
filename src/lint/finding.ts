/** One thing `soffio lint` reports: where, and what is wrong, in one line. */
export interface Finding {
  /** Path relative to the project root, with `/`. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly message: string;
}

/** Example: `formatFinding({ file: 'models/x.ts', line: 3, message: 'uses Date' })` is `models/x.ts:3: uses Date`. */
export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}: ${f.message}`;
}

/** Findings in file, then line order, then message order, each once. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return [...findings]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)))
    .filter((f) => {
      const key = formatFinding(f);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
