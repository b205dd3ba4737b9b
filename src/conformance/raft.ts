import { raftAbstraction } from '../impl/raft/abstraction.ts';
import { RaftNode } from '../impl/raft/core.ts';
import type { RaftMessage } from '../impl/raft/messages.ts';
import { MemoryStorage } from '../impl/raft/storage.ts';
import { seededRandom } from '../impl/random.ts';
import { UsageError } from '../model/errors.ts';
import { canonical } from '../system/canonical.ts';
import type { ClusterAction, ClusterModel, ClusterState } from '../system/cluster.ts';
import type { Message } from '../system/message.ts';
import { deliverable } from '../system/network.ts';
import { fieldDiff, multisetDiff, type ImplAdapter } from './adapter.ts';
import { raftModelShape } from './raft-messages.ts';

/**
 * The Raft core (src/impl/raft) driven by the statechart model's actions (default variant and
 * the broken ones). The core runs with `sendEagerly: false` and one entry per AppendEntries, so
 * that each model step is one core input: Timeout is `campaign()`, SendAppendEntries(to) is
 * `sendAppend(to)`, ClientRequest(v) is `propose(v)`; the commit rule runs in the same step as
 * the acknowledgement that moves it, as in the model. A bag of the messages the cores sent
 * stands for the model's network; drops and duplicates act on it, a restart rebuilds a core
 * from what it persisted.
 *
 * Example: `const a = raftAdapter(model); a.apply(action, before); a.compare(after)`.
 */
export function raftAdapter(model: ClusterModel): ImplAdapter {
  if (model.variant === 'tla') throw new UsageError('raft variant tla (raft.tla) has no mapping to the implementation yet; replay a trace of the default model or a broken variant');
  if (model.definition.network !== 'bag') throw new UsageError(`raft replay on the implementation supports the bag network only, not ${model.definition.network}`);
  const [init] = model.initialStates();
  const ids = Object.keys(init.nodes);
  const cluster = new RaftCluster(ids);

  return {
    apply(action: ClusterAction) {
      switch (action.kind) {
        case 'local': {
          const node = cluster.node(action.node);
          const event = action.event as { type: string; to?: string; value?: string };
          if (event.type === 'Timeout') node.campaign();
          else if (event.type === 'SendAppendEntries') node.sendAppend(event.to!);
          else if (event.type === 'ClientRequest') {
            if (node.propose(event.value!) === null) return `${action.node} refuses the client request: not leader`;
          } else return `no mapping for local event ${event.type}`;
          cluster.drain(action.node);
          return undefined;
        }
        case 'deliver': {
          const m = cluster.take(action.msg);
          if (!m) return `the model delivers ${canonical(action.msg)}, which the implementation never sent (or already consumed)`;
          cluster.node(action.node).step(m);
          cluster.drain(action.node);
          return undefined;
        }
        case 'drop':
          return cluster.take(action.msg) ? undefined : `the model drops ${canonical(action.msg)}, which is not in flight in the implementation`;
        case 'duplicate':
          return cluster.duplicate(action.msg) ? undefined : `the model duplicates ${canonical(action.msg)}, which is not in flight in the implementation`;
        case 'restart':
          cluster.restart(action.node);
          return undefined;
        default:
          return `no mapping for a ${action.kind} step`;
      }
    },

    compare(state: ClusterState) {
      const out: string[] = [];
      for (const id of ids) {
        const c = state.nodes[id].context as Record<string, unknown>;
        const view = { role: state.nodes[id].value, currentTerm: c.currentTerm, votedFor: c.votedFor, log: c.log, commitIndex: c.commitIndex };
        out.push(...fieldDiff(id, view, { ...raftAbstraction(cluster.node(id)) }));
      }
      const modelNet = new Map(deliverable(state.network).map((e) => [canonical(e.msg), e.copies]));
      out.push(...multisetDiff(modelNet, cluster.inFlight()));
      return out;
    },
  };
}

/**
 * Raft cores with their disks and a bag of messages in flight, each message filed under its
 * model shape (README.md says why). Used by the replay adapter; node ids are the model's.
 */
export class RaftCluster {
  private readonly nodes = new Map<string, RaftNode>();
  private readonly disks = new Map<string, MemoryStorage>();
  private readonly bag = new Map<string, RaftMessage[]>();

  constructor(private readonly ids: readonly string[]) {
    ids.forEach((id) => {
      this.disks.set(id, new MemoryStorage());
      this.nodes.set(id, this.fresh(id));
    });
  }

  private fresh(id: string): RaftNode {
    const index = this.ids.indexOf(id);
    return new RaftNode({ id, peers: this.ids, random: seededRandom(index + 1), sendEagerly: false, maxEntriesPerMessage: 1, persisted: this.disks.get(id)!.state() });
  }

  node(id: string): RaftNode {
    const node = this.nodes.get(id);
    if (!node) throw new UsageError(`the implementation has no server ${id}`);
    return node;
  }

  /** Handles the node's Ready: persist, send into the bag, then advance. */
  drain(id: string): void {
    const node = this.node(id);
    if (!node.hasReady()) return;
    const rd = node.ready();
    this.disks.get(id)!.save(rd);
    for (const m of rd.messages) {
      const key = canonical(raftModelShape(m));
      this.bag.set(key, [...(this.bag.get(key) ?? []), m]);
    }
    node.advance();
  }

  /** Takes one copy of the core message whose model shape is `msg` out of the bag. */
  take(msg: Message): RaftMessage | undefined {
    const key = canonical(msg);
    const copies = this.bag.get(key);
    if (!copies || copies.length === 0) return undefined;
    const [m, ...rest] = copies;
    if (rest.length === 0) this.bag.delete(key);
    else this.bag.set(key, rest);
    return m;
  }

  duplicate(msg: Message): boolean {
    const key = canonical(msg);
    const copies = this.bag.get(key);
    if (!copies || copies.length === 0) return false;
    this.bag.set(key, [...copies, copies[0]]);
    return true;
  }

  /** A crash and restart: the core is rebuilt from its disk; volatile state is lost. */
  restart(id: string): void {
    this.nodes.set(id, this.fresh(id));
  }

  inFlight(): Map<string, number> {
    return new Map([...this.bag].map(([k, v]) => [k, v.length]));
  }
}
