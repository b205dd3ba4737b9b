import type { Params } from '../../src/model/model.ts';
import type { ProtocolDefinition } from '../../src/model/protocol.ts';
import { UsageError } from '../../src/model/errors.ts';
import type { ClusterModel } from '../../src/system/cluster.ts';
import type { NetworkKind } from '../../src/system/network.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { counterModel, pingModel } from './toy.ts';

/**
 * The toy models of toy.ts registered as protocols, so the CLI's commands can be driven in
 * process with state counts worked out by hand: `counter` (max + 1 states) and `ping`.
 */

function named(model: ClusterModel, variant: string, params: Params): ClusterModel {
  return { ...model, variant, params };
}

export const counterProtocol: ProtocolDefinition = {
  name: 'counter',
  description: 'one node counting from 0 to max',
  roles: ['counter'],
  params: [{ name: 'max', type: 'int', default: 3, min: 1, max: 50, description: 'the largest count' }],
  variants: [
    { name: 'default', description: 'counts up to max' },
    { name: 'broken', description: 'BelowBad fails at 2', breaks: 'BelowBad' },
  ],
  properties: ['BelowBad'],
  witnesses: ['ReachedMax'],
  build: (params, variant) => named(counterModel(params.max as number, variant === 'broken' ? { badAt: 2 } : {}), variant, params),
};

export const pingProtocol: ProtocolDefinition = {
  name: 'ping',
  description: 'a sender pings a receiver',
  roles: ['sender', 'receiver'],
  params: [
    { name: 'pings', type: 'int', default: 2, min: 1, max: 5, description: 'pings sent' },
    { name: 'network', type: 'enum', default: 'bag', choices: ['set', 'bag', 'fifo'], description: 'network semantics' },
    { name: 'drop', type: 'bool', default: false, description: 'lossy network' },
  ],
  variants: [{ name: 'default', description: 'as written' }],
  properties: [],
  witnesses: [],
  build: (params, variant) => named(pingModel(params.pings as number, params.network as NetworkKind, { drop: params.drop as boolean, duplicate: false }), variant, params),
};

const toys: Record<string, ProtocolDefinition> = { counter: counterProtocol, ping: pingProtocol };

/** An in-process CLI environment over the toy protocols; what it printed is in `stdout`/`stderr`. */
export function toyIo(cwd: string): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    protocols: {
      names: Object.keys(toys),
      load: async (name: string) => {
        const def = toys[name];
        if (!def) throw new UsageError(`unknown protocol '${name}' (known: ${Object.keys(toys).join(', ')})`);
        return def;
      },
    },
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
    interactive: false,
    cwd,
  };
  return io;
}
