import type { Viz } from '@viz-js/viz';

/**
 * DOT to SVG without a browser or a system Graphviz: @viz-js/viz is Graphviz compiled to
 * WebAssembly. The instance is made once, on first use, so commands that draw nothing never
 * load the WebAssembly.
 */

let viz: Promise<Viz> | undefined;

/** Example: `await dotToSvg('digraph { a -> b }')` starts with `<?xml`. */
export async function dotToSvg(dot: string): Promise<string> {
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  const result = (await viz).render(dot, { format: 'svg' });
  if (result.status !== 'success') {
    // The DOT comes from our own renderer, so a failure here is a bug, not bad input.
    throw new Error(`Graphviz could not lay out the diagram: ${result.errors.map((e) => e.message).join('; ')}`);
  }
  return result.output;
}
