import type { ProtocolDefinition } from '../model/protocol.ts';

/**
 * What a command needs from the world, passed in so commands can be driven by other
 * front ends and by tests: where protocols come from, and where output goes.
 */
export interface ProtocolSource {
  readonly names: readonly string[];
  /** The protocol named `name`; UsageError when there is none. */
  load(name: string): Promise<ProtocolDefinition>;
}

export interface CliIo {
  readonly protocols: ProtocolSource;
  /** Results: the summary, the JSON object, a trace. */
  out(text: string): void;
  /** Warnings and progress. */
  err(text: string): void;
  /** Whether progress may be drawn (stderr is a terminal). */
  readonly interactive: boolean;
  /** Folder relative paths are resolved against (the default trace folder lives here). */
  readonly cwd: string;
}
