import type { DiagramFormat } from '../diagram/command.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';

export interface DiagramFlags {
  readonly role?: string;
  readonly variant?: string;
  readonly format: string;
  readonly out?: string;
  readonly detail?: boolean;
}

/** `soffio diagram raft --format mermaid`, or `soffio diagram TRACE --format svg --out chart.svg`. */
export async function runDiagram(target: string, flags: DiagramFlags, io: CliIo): Promise<ExitCode> {
  const { diagramCommand } = await import('../diagram/command.ts');
  const text = await diagramCommand({ target, role: flags.role, variant: flags.variant, format: flags.format as DiagramFormat, out: flags.out, detail: flags.detail, cwd: io.cwd });
  if (text !== '') io.out(text.endsWith('\n') ? text : text + '\n');
  return EXIT.ok;
}
