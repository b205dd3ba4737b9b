import { UsageError } from './model/errors.ts';
import type { ProtocolDefinition } from './model/protocol.ts';

/**
 * Every protocol Soffio knows, loaded on first use so that one protocol's model is not
 * compiled to check another. To add a protocol: write models/<name>/index.ts exporting a
 * ProtocolDefinition as `protocol`, and add one line here.
 */
const loaders: Readonly<Record<string, () => Promise<{ protocol: ProtocolDefinition }>>> = {
  paxos: () => import('../models/paxos/index.ts'),
  raft: () => import('../models/raft/index.ts'),
  fpaxos: () => import('../models/fpaxos/index.ts'),
  multipaxos: () => import('../models/multipaxos/index.ts'),
  vr: () => import('../models/vr/index.ts'),
};

export const protocolNames: readonly string[] = Object.keys(loaders);

/** The protocol named `name`; UsageError when there is none. Example: `await loadProtocol('raft')`. */
export async function loadProtocol(name: string): Promise<ProtocolDefinition> {
  const load = loaders[name];
  if (!load) throw new UsageError(`unknown protocol '${name}' (known: ${protocolNames.join(', ')})`);
  return (await load()).protocol;
}

export async function loadAllProtocols(): Promise<ProtocolDefinition[]> {
  return Promise.all(protocolNames.map(loadProtocol));
}
