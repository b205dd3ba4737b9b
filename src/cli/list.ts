import pc from 'picocolors';
import type { ParamSpec, ProtocolDefinition } from '../model/protocol.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';

/**
 * `soffio list [--json]`: every protocol with its roles, parameters (default and range or
 * choices), variants (and what each breaks), properties and witnesses.
 *
 * Example: `soffio list --json | jq '.protocols[].name'`.
 */
export async function runList(flags: { readonly json?: boolean }, io: CliIo): Promise<ExitCode> {
  const defs: ProtocolDefinition[] = [];
  let failed = false;
  for (const name of io.protocols.names) {
    try {
      defs.push(await io.protocols.load(name));
    } catch (err) {
      // One broken protocol must not hide the others; the exit code still says so.
      failed = true;
      io.err(`soffio: protocol ${name} could not be loaded: ${(err as Error).message.split('\n')[0]}\n`);
    }
  }
  if (flags.json) io.out(JSON.stringify({ protocols: defs.map(describeJson) }) + '\n');
  else io.out(defs.map(describeText).join('\n') + (defs.length === 0 ? 'no protocols\n' : ''));
  return failed ? EXIT.internal : EXIT.ok;
}

function describeJson(def: ProtocolDefinition): Record<string, unknown> {
  return {
    name: def.name,
    description: def.description,
    roles: def.roles,
    params: def.params,
    variants: def.variants.map((v, i) => ({ ...v, default: i === 0 })),
    properties: def.properties,
    witnesses: def.witnesses,
  };
}

function paramRange(p: ParamSpec): string {
  switch (p.type) {
    case 'int':
      return `int ${p.min}..${p.max}`;
    case 'bool':
      return 'true|false';
    case 'enum':
      return p.choices.join('|');
  }
}

function describeText(def: ProtocolDefinition): string {
  const lines = [`${pc.bold(def.name)}  ${def.description}`, `  roles: ${def.roles.join(', ')}`, '  parameters:'];
  const width = Math.max(0, ...def.params.map((p) => p.name.length));
  for (const p of def.params) lines.push(`    ${p.name.padEnd(width)}  ${paramRange(p)}, default ${String(p.default)}  ${pc.dim(p.description)}`);
  if (def.params.length === 0) lines.push('    (none)');
  lines.push('  variants:');
  const vwidth = Math.max(0, ...def.variants.map((v) => v.name.length));
  def.variants.forEach((v, i) => {
    const notes = [
      i === 0 ? 'default' : undefined,
      v.breaks ? `breaks ${v.breaks}` : undefined,
      v.defaults ? `defaults ${Object.entries(v.defaults).map(([k, x]) => `${k}=${x}`).join(', ')}` : undefined,
      v.ignores?.length ? `ignores ${v.ignores.join(', ')}` : undefined,
    ].filter((n) => n !== undefined);
    lines.push(`    ${v.name.padEnd(vwidth)}  ${v.description}${notes.length ? ` ${pc.dim(`(${notes.join('; ')})`)}` : ''}`);
  });
  lines.push(`  properties: ${def.properties.join(', ') || '(none)'}`);
  lines.push(`  witnesses: ${def.witnesses.join(', ') || '(none)'}`);
  return lines.join('\n') + '\n';
}
