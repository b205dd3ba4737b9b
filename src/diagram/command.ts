import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../model/errors.ts';
import { resolveParams, variantOf } from '../model/protocol.ts';
import { loadProtocol, protocolNames } from '../registry.ts';
import { readTraceFile } from '../trace/file.ts';
import { writeAtomically } from '../util/atomic-write.ts';
import { statechartToDot } from './dot-statechart.ts';
import type { ImplementationSources } from './labels.ts';
import { statechartToMermaid } from './mermaid-statechart.ts';
import { sequenceToMermaid } from './mermaid-sequence.ts';
import { sequenceOf } from './sequence.ts';
import { readStatechart } from './statechart.ts';
import { dotToSvg } from './svg.ts';
import { sequenceToSvg } from './svg-sequence.ts';

/**
 * `soffio diagram`: a role's statechart, or a trace's message sequence chart.
 *
 *     soffio diagram raft --format mermaid                  # the server statechart
 *     soffio diagram paxos --role acceptor --format svg --out acceptor.svg
 *     soffio diagram raft --format svg --detail             # guard and action source as tooltips
 *     soffio diagram traces/out/paxos-no-quorum.itf.json --format mermaid
 *
 * A target that names a registered protocol is a protocol; anything else that looks like a
 * file (ends in .json, has a folder in it, or exists) is a trace.
 */

export const DIAGRAM_FORMATS = ['mermaid', 'dot', 'svg'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

export interface DiagramArgs {
  /** A protocol name (`raft`) or a trace file (`traces/out/raft-default.itf.json`). */
  readonly target: string;
  /** Protocols only: the role to draw (default: the protocol's first role). */
  readonly role?: string;
  readonly format: DiagramFormat;
  /** Write here (atomically) instead of returning the text. */
  readonly out?: string;
  /** Protocols only: the source of each guard and action, as SVG tooltips and Mermaid notes. */
  readonly detail?: boolean;
  /** Protocols only: the variant whose machine to draw (default: the first). */
  readonly variant?: string;
  /** Folder relative paths are read from and written to (default: the current one). */
  readonly cwd?: string;
}

const MODELS_FOLDER = fileURLToPath(new URL('../../models/', import.meta.url));

/**
 * Returns the diagram's text, or writes it to `out` and returns ''. Throws UsageError (one
 * line) on a bad target, role, format or file.
 *
 * Example: `await diagramCommand({ target: 'raft', format: 'mermaid' })` starts with `---\ntitle:`.
 */
export async function diagramCommand(args: DiagramArgs): Promise<string> {
  const format = args.format as string;
  if (!(DIAGRAM_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format '${format}' (known: ${DIAGRAM_FORMATS.join(', ')})`);
  const cwd = args.cwd ?? process.cwd();
  let text: string;
  if (protocolNames.includes(args.target)) {
    text = await protocolDiagram(args);
  } else if (looksLikeFile(args.target, cwd)) {
    text = traceDiagram(args, cwd);
  } else {
    throw new UsageError(`unknown protocol '${args.target}' (known: ${protocolNames.join(', ')}), and not a trace file (a trace is a .json file)`);
  }
  if (args.out === undefined) return text;
  writeAtomically(resolve(cwd, args.out), text, `'${args.out}'`);
  return '';
}

async function protocolDiagram(args: DiagramArgs): Promise<string> {
  const def = await loadProtocol(args.target);
  const variant = variantOf(def, args.variant);
  const model = def.build(resolveParams(def, variant, {}), variant.name);
  const roles = model.definition.roles;
  const known = roles.map((r) => r.name).join(', ');
  // The protocol's first role, unless this variant does without it (the protocol lists the roles of all its variants).
  const roleName = args.role ?? (roles.some((r) => r.name === def.roles[0]) ? def.roles[0] : roles[0].name);
  const role = roles.find((r) => r.name === roleName);
  if (!role && def.roles.includes(roleName)) throw new UsageError(`role '${roleName}' of ${def.name} is not in variant '${variant.name}' (its roles: ${known}); choose the variant that has it`);
  if (!role) throw new UsageError(`unknown role '${roleName}' of ${def.name} (known: ${known})`);
  const chart = readStatechart(role.machine);
  const title = `${def.name}: role ${role.name}${variant === def.variants[0] ? '' : ` (variant ${variant.name})`}`;
  const sources = args.detail ? await detailSources(def.name, role.machine.id) : undefined;
  const options = { title, ...(sources ? { sources } : {}) };
  switch (args.format) {
    case 'mermaid':
      return statechartToMermaid(chart, options);
    case 'dot':
      return statechartToDot(chart, options);
    case 'svg':
      return dotToSvg(statechartToDot(chart, options));
  }
}

/** ts-morph is loaded only for `--detail`: it brings its own TypeScript, which is slow to load. */
async function detailSources(protocol: string, machineId: string): Promise<ImplementationSources> {
  const { modelSources } = await import('./sources.ts');
  return modelSources(join(MODELS_FOLDER, protocol), machineId);
}

function traceDiagram(args: DiagramArgs, cwd: string): string {
  if (args.role !== undefined) throw new UsageError('--role applies to a protocol\'s statechart, not to a trace');
  if (args.detail) throw new UsageError('--detail applies to a protocol\'s statechart, not to a trace');
  if (args.variant !== undefined) throw new UsageError('--variant applies to a protocol\'s statechart; a trace names its own variant');
  if (args.format === 'dot') throw new UsageError('a trace is drawn as mermaid or svg, not dot');
  const chart = sequenceOf(readTraceFile(args.target, cwd));
  return args.format === 'svg' ? sequenceToSvg(chart) : sequenceToMermaid(chart);
}

function looksLikeFile(target: string, cwd: string): boolean {
  return /\.json$/i.test(target) || /[\\/]/.test(target) || existsSync(resolve(cwd, target));
}

