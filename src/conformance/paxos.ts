import { PaxosAcceptor, PaxosLearner, PaxosProposer, type PaxosMessage } from '../impl/paxos/index.ts';
import { UsageError } from '../model/errors.ts';
import { canonical } from '../system/canonical.ts';
import type { ClusterAction, ClusterModel, ClusterState } from '../system/cluster.ts';
import type { Message } from '../system/message.ts';
import { allMessages } from '../system/network.ts';
import { stateOf } from '../system/view.ts';
import { fieldDiff, multisetDiff, type ImplAdapter } from './adapter.ts';

/**
 * The Paxos cores (src/impl/paxos) driven by the default model's actions and its broken
 * variants'. The model's network is a set: a message, once sent, may be received any number
 * of times; the adapter keeps the same set of what the cores sent (Nacks aside, which the
 * model does not have).
 *
 * Example: `const a = paxosAdapter(model); a.apply(action, before); a.compare(after)`.
 */
export function paxosAdapter(model: ClusterModel): ImplAdapter {
  if (model.variant === 'tla') throw new UsageError('paxos variant tla (Paxos.tla) has no mapping to the implementation yet; replay a trace of the default model or a broken variant');
  const [init] = model.initialStates();
  const ids = Object.keys(init.nodes);
  const roleIds = (role: string) => ids.filter((id) => model.roleOf(id).name === role);
  const acceptors = roleIds('acceptor');
  const learners = roleIds('learner');
  const proposers = roleIds('proposer');

  const proposerCores = new Map(proposers.map((id) => [id, new PaxosProposer({ id, acceptors, index: ctx(init, id).index as number, proposerCount: proposers.length })]));
  const acceptorCores = new Map(acceptors.map((id) => [id, new PaxosAcceptor({ id, learners })]));
  const learnerCores = new Map(learners.map((id) => [id, new PaxosLearner({ id, acceptors })]));
  /** Every message a core sent, by its canonical key (the model's network is a set). */
  const sent = new Map<string, PaxosMessage>();

  const coreOf = (id: string) => proposerCores.get(id) ?? acceptorCores.get(id) ?? learnerCores.get(id);
  function drain(id: string): void {
    const core = coreOf(id)!;
    if (!core.hasReady()) return;
    const rd = core.ready();
    for (const m of rd.messages) sent.set(canonical(m), m);
    core.advance();
  }
  /** Hands `m` to its receiver, if some core sent it. */
  function deliver(m: PaxosMessage): string | undefined {
    if (!sent.has(canonical(m))) return `the model delivers ${canonical(m)}, which the implementation never sent`;
    coreOf(m.to)!.step(m);
    drain(m.to);
    return undefined;
  }

  return {
    apply(action: ClusterAction, before: ClusterState) {
      switch (action.kind) {
        case 'local': {
          if (action.event.type === 'NewBallot') {
            // A client request: the core picks its next ballot itself, compared afterwards.
            proposerCores.get(action.node)!.propose(ctx(before, action.node).value as string);
            drain(action.node);
            return undefined;
          }
          if (action.event.type === 'Learn') {
            // The model's learner reads the Accepted messages of its voters at once; the core gets them one by one.
            const { bal, val, voters } = action.event as unknown as { bal: number; val: string; voters: string[] };
            for (const from of voters) {
              const why = deliver({ type: 'Accepted', from, to: action.node, bal, val });
              if (why) return why;
            }
            return undefined;
          }
          return `no mapping for local event ${action.event.type}`;
        }
        case 'deliver':
          return deliver({ ...(action.msg as unknown as PaxosMessage), to: action.node });
        default:
          return `no mapping for a ${action.kind} step (the Paxos models have no faults)`;
      }
    },

    compare(state: ClusterState) {
      const out: string[] = [];
      for (const id of acceptors) {
        const c = ctx(state, id);
        out.push(...fieldDiff(id, { maxBal: c.promised, maxVBal: c.acceptedBallot, maxVal: c.acceptedValue }, { ...acceptorCores.get(id)!.state() }));
      }
      for (const id of proposers) {
        const c = ctx(state, id);
        const promisedBy = (c.promises as { acceptor: string }[]).map((p) => p.acceptor);
        out.push(...fieldDiff(id, { ballot: c.ballot, phase: stateOf(state, id), promisedBy, proposal: c.proposal }, { ...proposerCores.get(id)!.abstractState() }));
      }
      for (const id of learners) {
        const learned = stateOf(state, id) === 'learned' ? ctx(state, id).learned : null;
        out.push(...fieldDiff(id, { learned }, { learned: learnerCores.get(id)!.learned }));
      }
      const modelNet = new Map(allMessages(state.network).map((m) => [canonical(m), 1]));
      const implNet = new Map<string, number>();
      for (const m of sent.values()) {
        const shaped = modelShape(m);
        if (shaped) implNet.set(canonical(shaped), 1);
      }
      out.push(...multisetDiff(modelNet, implNet));
      return out;
    },
  };
}

function ctx(state: ClusterState, id: string): Record<string, unknown> {
  return state.nodes[id].context as Record<string, unknown>;
}

/**
 * A core's message as the default model writes it: Prepare, Accept and Accepted name no
 * receiver (any acceptor, any learner reads them); Nacks do not exist in the model.
 */
function modelShape(m: PaxosMessage): Message | undefined {
  switch (m.type) {
    case 'Prepare':
      return { type: 'Prepare', from: m.from, bal: m.bal };
    case 'Promise':
      return { type: 'Promise', from: m.from, to: m.to, bal: m.bal, mbal: m.mbal, mval: m.mval };
    case 'Accept':
      return { type: 'Accept', from: m.from, bal: m.bal, val: m.val };
    case 'Accepted':
      return { type: 'Accepted', from: m.from, bal: m.bal, val: m.val };
    case 'Nack':
      return undefined;
  }
}
