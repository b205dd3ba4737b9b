import { assign, emit, setup } from 'xstate';
import type { CommitMessage, DoViewChangeMessage, PrepareMessage, PrepareOkMessage, RecoveryMessage, RecoveryResponseMessage, StartViewChangeMessage, StartViewMessage, VrMessage } from './messages.ts';
import { entryOf, primaryAnswer, primaryOf, type RecoveryAnswer, type VrRules } from './rules.ts';

/**
 * A VR Revisited replica (Liskov and Cowling, 2012), one statechart for both roles: whether
 * it is primary follows from its view number (round robin; only the self-appointed-primary
 * variant departs from it).
 *
 *   active.normal --Timeout / StartViewChange of a higher view--> active.viewChange
 *   active.viewChange --f+1 DoViewChange (new primary) / StartView--> active.normal
 *   active --Crash--> recovering --f+1 RecoveryResponse with this nonce, the primary's among them--> active.normal
 *
 * Normal operation (sec. 4.1): the primary takes a ClientRequest, appends it and sends Prepare;
 * a backup appends the next op and answers PrepareOK; with f PrepareOKs the primary commits,
 * replies to the client (a Reply message no replica receives: the record of committed ops),
 * and tells backups by Commit (and in later Prepares). Simplification: the primary takes a new
 * request only once every earlier one is committed, so it waits for acks of one op at a time.
 * View change (sec. 4.2): StartViewChange to all; with f of them from others, DoViewChange to
 * the new primary, carrying the log; with f + 1 DoViewChange the new primary takes the log of
 * the largest last-normal view (then the longest), the largest commit number, and sends
 * StartView. Recovery (sec. 4.3): Crash, a fault offered as a local event, wipes the replica's
 * state (VR keeps nothing on disk) and sends Recovery with a fresh nonce; replicas in normal
 * status answer, the primary with its log; with f + 1 answers carrying the nonce, the
 * primary's among them, the replica takes the primary's log and view. The nonce stands for a
 * random number never used before: it is the replica's crash count, the one field a crash
 * keeps. Not modelled: state transfer, and the backups' PrepareOKs after StartView. The
 * broken variants' changes are flags of VrRules (rules.ts), each read by one named guard.
 */

export interface ReplicaInput {
  readonly self: string;
}

export interface ReplicaContext extends ReplicaInput {
  readonly view: number;
  /**
   * The replica this one takes as primary of `view`: always the round-robin choice (sec. 4),
   * kept in the context so that a broken variant can appoint another.
   */
  readonly primary: string;
  readonly log: readonly string[];
  /** Ops 1..commit are committed. */
  readonly commit: number;
  /** The latest view in which this replica's status was normal. */
  readonly lastNormal: number;
  /** As primary: the backups that sent PrepareOK for the latest op, sorted. */
  readonly acks: readonly string[];
  /** In a view change: the other replicas whose StartViewChange for `view` arrived, sorted. */
  readonly svc: readonly string[];
  /** Whether this replica sent its DoViewChange for `view`. */
  readonly sentDvc: boolean;
  /** As new primary: the DoViewChange messages collected for `view`, sorted by sender. */
  readonly dvc: readonly DoViewChangeMessage[];
  /** Crashes so far; the nonce of the current recovery. */
  readonly crashes: number;
  /** While recovering: the RecoveryResponses with the current nonce, sorted by sender. */
  readonly answers: readonly RecoveryAnswer[];
}

export type ReplicaEvent = { readonly type: 'ClientRequest' } | { readonly type: 'SendCommit' } | { readonly type: 'Timeout' } | { readonly type: 'Crash' } | VrMessage;

/** The replica statechart under `rules`. Example: `replicaMachine(rulesFor('default', sizes))`. */
export function replicaMachine(rules: VrRules) {
  const isPrimary = (c: ReplicaContext) => c.primary === c.self;
  const ev = <M>(e: ReplicaEvent) => e as unknown as M;
  const fresh = (view: number) => ({ view, primary: primaryOf(rules.replicas, view), acks: [], svc: [], sentDvc: false, dvc: [] });
  const isNewAck = (c: ReplicaContext, e: ReplicaEvent) => {
    const m = ev<PrepareOkMessage>(e);
    return isPrimary(c) && m.view === c.view && m.op === c.log.length && m.op > c.commit && !c.acks.includes(m.from);
  };
  const isNewSvc = (c: ReplicaContext, e: ReplicaEvent) => {
    const m = ev<StartViewChangeMessage>(e);
    return m.view === c.view && m.from !== c.self && !c.svc.includes(m.from) && !c.sentDvc;
  };
  const isNewDvc = (c: ReplicaContext, e: ReplicaEvent) => {
    const m = ev<DoViewChangeMessage>(e);
    return isPrimary(c) && m.view === c.view && !c.dvc.some((d) => d.from === m.from);
  };
  const isNewAnswer = (c: ReplicaContext, e: ReplicaEvent) => {
    const m = ev<RecoveryResponseMessage>(e);
    return (m.nonce === c.crashes || !rules.checksNonce) && !c.answers.some((a) => a.from === m.from);
  };
  const withAnswer = (c: ReplicaContext, e: ReplicaEvent): RecoveryAnswer[] => {
    const m = ev<RecoveryResponseMessage>(e);
    return [...c.answers, { from: m.from, view: m.view, log: m.log, commit: m.commit }].sort((x, y) => (x.from < y.from ? -1 : 1));
  };
  const wiped = { view: 0, primary: primaryOf(rules.replicas, 0), log: [], commit: 0, lastNormal: 0, acks: [], svc: [], sentDvc: false, dvc: [], answers: [] };
  const canTakeRequest = (c: ReplicaContext) => isPrimary(c) && c.commit === c.log.length && c.log.length < rules.maxOps;
  // Its own StartViewChange, sent before a crash, tells a replica nothing about the others.
  const joinsHigherView = (c: ReplicaContext, e: ReplicaEvent) => ev<StartViewChangeMessage>(e).view > c.view && ev<StartViewChangeMessage>(e).from !== c.self;
  return setup({
    types: {} as { context: ReplicaContext; input: ReplicaInput; events: ReplicaEvent; emitted: VrMessage },
    guards: {
      canTakeRequest: ({ context }) => canTakeRequest(context),
      commitsAlone: ({ context }) => canTakeRequest(context) && rules.commitsWithoutQuorum,
      isNextPrepare: ({ context, event }) => {
        const m = ev<PrepareMessage>(event);
        return m.from !== context.self && (m.view === context.view || !rules.checksPrepareView) && !isPrimary(context) && m.op === context.log.length + 1;
      },
      completesCommitQuorum: ({ context, event }) => isNewAck(context, event) && context.acks.length + 1 >= rules.f,
      isNewAck: ({ context, event }) => isNewAck(context, event),
      hasCommitted: ({ context }) => isPrimary(context) && context.commit > 0,
      advancesCommit: ({ context, event }) => {
        const m = ev<CommitMessage>(event);
        return m.view === context.view && !isPrimary(context) && m.commit > context.commit && m.commit <= context.log.length;
      },
      hasViewLeft: ({ context }) => context.view + 1 <= rules.maxView,
      appointsItself: ({ context }) => context.view + 1 <= rules.maxView && rules.selfAppointsOnTimeout,
      joinsHigherViewWithQuorum: ({ context, event }) => joinsHigherView(context, event) && rules.f <= 1,
      joinsHigherView: ({ context, event }) => joinsHigherView(context, event),
      completesSvcQuorum: ({ context, event }) => isNewSvc(context, event) && context.svc.length + 1 >= rules.f,
      isNewSvc: ({ context, event }) => isNewSvc(context, event),
      completesDvcQuorum: ({ context, event }) => isNewDvc(context, event) && context.dvc.length + 1 >= rules.f + 1,
      isNewDvc: ({ context, event }) => isNewDvc(context, event),
      isHigherStartView: ({ context, event }) => ev<StartViewMessage>(event).from !== context.self && ev<StartViewMessage>(event).view > context.view,
      isCurrentStartView: ({ context, event }) => ev<StartViewMessage>(event).from !== context.self && ev<StartViewMessage>(event).view === context.view,
      restartsWithoutRecovery: ({ context }) => context.crashes < rules.maxCrashes && rules.skipsRecovery,
      hasCrashLeft: ({ context }) => context.crashes < rules.maxCrashes,
      isOthersRecovery: ({ context, event }) => ev<RecoveryMessage>(event).from !== context.self,
      completesRecovery: ({ context, event }) => isNewAnswer(context, event) && primaryAnswer(rules.replicas, rules.f, withAnswer(context, event)) !== undefined,
      completesRecoveryFromAny: ({ context, event }) => rules.recoversFromAnyReplica && isNewAnswer(context, event) && context.answers.length + 1 >= rules.f + 1,
      isNewAnswer: ({ context, event }) => isNewAnswer(context, event),
    },
    actions: {
      appendRequest: assign({ log: ({ context }) => [...context.log, entryOf(context.view, context.log.length + 1)], acks: [] }),
      sendPrepare: emit(({ context }) => ({
        type: 'Prepare' as const,
        from: context.self,
        view: context.view,
        op: context.log.length,
        entry: context.log[context.log.length - 1],
        commit: context.commit,
      })),
      appendPrepared: assign(({ context, event }) => {
        const m = ev<PrepareMessage>(event);
        return { log: [...context.log, m.entry], commit: Math.max(context.commit, m.commit) };
      }),
      sendPrepareOk: emit(({ context }) => ({ type: 'PrepareOK' as const, from: context.self, to: context.primary, view: context.view, op: context.log.length })),
      recordAck: assign({ acks: ({ context, event }) => [...context.acks, ev<PrepareOkMessage>(event).from].sort() }),
      commitLatest: assign({ commit: ({ context }) => context.log.length }),
      sendReply: emit(({ context }) => ({ type: 'Reply' as const, from: context.self, view: context.view, op: context.log.length, entry: context.log[context.log.length - 1] })),
      sendCommit: emit(({ context }) => ({ type: 'Commit' as const, from: context.self, view: context.view, commit: context.commit })),
      advanceCommit: assign({ commit: ({ event }) => ev<CommitMessage>(event).commit }),
      startNextView: assign(({ context }) => fresh(context.view + 1)),
      appointSelf: assign(({ context }) => ({ ...fresh(context.view + 1), primary: context.self, lastNormal: context.view + 1 })),
      joinView: assign(({ event }) => ({ ...fresh(ev<StartViewChangeMessage>(event).view), svc: [ev<StartViewChangeMessage>(event).from] })),
      recordSvc: assign({ svc: ({ context, event }) => [...context.svc, ev<StartViewChangeMessage>(event).from].sort() }),
      sendStartViewChange: emit(({ context }) => ({ type: 'StartViewChange' as const, from: context.self, view: context.view })),
      sendDoViewChange: emit(({ context }) => ({
        type: 'DoViewChange' as const,
        from: context.self,
        to: context.primary,
        view: context.view,
        log: context.log,
        lastNormal: context.lastNormal,
        commit: context.commit,
      })),
      markDvcSent: assign({ sentDvc: true }),
      recordDvc: assign({ dvc: ({ context, event }) => [...context.dvc, ev<DoViewChangeMessage>(event)].sort((x, y) => (x.from < y.from ? -1 : 1)) }),
      startView: assign(({ context }) => {
        const log = rules.newLog(context.log, context.dvc);
        const commit = Math.min(log.length, Math.max(...context.dvc.map((d) => d.commit)));
        return { log, commit, lastNormal: context.view, acks: [], svc: [], sentDvc: false, dvc: [] };
      }),
      sendStartView: emit(({ context }) => ({ type: 'StartView' as const, from: context.self, view: context.view, log: context.log, commit: context.commit })),
      adoptView: assign(({ event }) => {
        const m = ev<StartViewMessage>(event);
        return { ...fresh(m.view), primary: m.from, log: m.log, commit: m.commit, lastNormal: m.view };
      }),
      wipeState: assign(({ context }) => ({ ...wiped, crashes: context.crashes + 1 })),
      sendRecovery: emit(({ context }) => ({ type: 'Recovery' as const, from: context.self, nonce: context.crashes })),
      sendRecoveryResponse: emit(({ context, event }) => ({
        type: 'RecoveryResponse' as const,
        from: context.self,
        to: ev<RecoveryMessage>(event).from,
        view: context.view,
        nonce: ev<RecoveryMessage>(event).nonce,
        log: isPrimary(context) || rules.recoversFromAnyReplica ? context.log : null,
        commit: context.commit,
      })),
      recordAnswer: assign({ answers: ({ context, event }) => withAnswer(context, event) }),
      adoptPrimaryState: assign(({ context }) => {
        const p = primaryAnswer(rules.replicas, rules.f, context.answers)!;
        return { ...fresh(p.view), primary: p.from, log: p.log!, commit: p.commit, lastNormal: p.view, answers: [] };
      }),
      adoptLatestAnswer: assign(({ event }) => {
        const m = ev<RecoveryResponseMessage>(event);
        return { ...fresh(m.view), log: m.log ?? [], commit: m.commit, lastNormal: m.view, answers: [] };
      }),
    },
  }).createMachine({
    id: 'vr-replica',
    context: ({ input }) => ({ ...input, view: 0, primary: primaryOf(rules.replicas, 0), log: [], commit: 0, lastNormal: 0, acks: [], svc: [], sentDvc: false, dvc: [], crashes: 0, answers: [] }),
    initial: 'active',
    states: {
      active: {
        initial: 'normal',
        on: {
          Timeout: [
            { guard: 'appointsItself', target: '.normal', actions: ['appointSelf', 'sendStartView'] },
            { guard: 'hasViewLeft', target: '.viewChange', actions: ['startNextView', 'sendStartViewChange'] },
          ],
          StartViewChange: [
            { guard: 'joinsHigherViewWithQuorum', target: '.viewChange', actions: ['joinView', 'sendStartViewChange', 'sendDoViewChange', 'markDvcSent'] },
            { guard: 'joinsHigherView', target: '.viewChange', actions: ['joinView', 'sendStartViewChange'] },
          ],
          StartView: { guard: 'isHigherStartView', target: '.normal', actions: 'adoptView' },
          Crash: [
            { guard: 'restartsWithoutRecovery', target: '.normal', actions: 'wipeState' },
            { guard: 'hasCrashLeft', target: 'recovering', actions: ['wipeState', 'sendRecovery'] },
          ],
        },
        states: {
          normal: {
            on: {
              ClientRequest: [
                { guard: 'commitsAlone', actions: ['appendRequest', 'commitLatest', 'sendPrepare', 'sendReply'] },
                { guard: 'canTakeRequest', actions: ['appendRequest', 'sendPrepare'] },
              ],
              Prepare: { guard: 'isNextPrepare', actions: ['appendPrepared', 'sendPrepareOk'] },
              PrepareOK: [
                { guard: 'completesCommitQuorum', actions: ['recordAck', 'commitLatest', 'sendReply'] },
                { guard: 'isNewAck', actions: 'recordAck' },
              ],
              SendCommit: { guard: 'hasCommitted', actions: 'sendCommit' },
              Commit: { guard: 'advancesCommit', actions: 'advanceCommit' },
              Recovery: { guard: 'isOthersRecovery', actions: 'sendRecoveryResponse' },
            },
          },
          viewChange: {
            on: {
              StartViewChange: [
                { guard: 'completesSvcQuorum', actions: ['recordSvc', 'sendDoViewChange', 'markDvcSent'] },
                { guard: 'isNewSvc', actions: 'recordSvc' },
              ],
              DoViewChange: [
                { guard: 'completesDvcQuorum', target: 'normal', actions: ['recordDvc', 'startView', 'sendStartView'] },
                { guard: 'isNewDvc', actions: 'recordDvc' },
              ],
              StartView: { guard: 'isCurrentStartView', target: 'normal', actions: 'adoptView' },
            },
          },
        },
      },
      recovering: {
        on: {
          RecoveryResponse: [
            { guard: 'completesRecoveryFromAny', target: 'active.normal', actions: 'adoptLatestAnswer' },
            { guard: 'completesRecovery', target: 'active.normal', actions: ['recordAnswer', 'adoptPrimaryState'] },
            { guard: 'isNewAnswer', actions: 'recordAnswer' },
          ],
        },
      },
    },
  });
}
