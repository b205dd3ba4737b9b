import { describe, expect, it } from 'vitest';
import { bfs } from '../src/checker/bfs.ts';
import { resolveParams, variantOf } from '../src/model/protocol.ts';
import { protocol } from '../models/vr/index.ts';
import { mergedLog, primaryOf } from '../models/vr/rules.ts';
import { exploreVr } from './support/vrExplorer.ts';

function model(variant: string, given: Record<string, number> = {}) {
  const params = resolveParams(protocol, variantOf(protocol, variant), given);
  return protocol.build(params, variant);
}

describe('vr helpers', () => {
  it('picks primaries round robin and the log of the largest last-normal view, then the longest', () => {
    expect([0, 1, 2, 3].map((v) => primaryOf(['r1', 'r2', 'r3'], v))).toEqual(['r1', 'r2', 'r3', 'r1']);
    const dvc = (from: string, lastNormal: number, log: string[]) => ({ type: 'DoViewChange' as const, from, to: 'r2', view: 2, log, lastNormal, commit: 0 });
    expect(mergedLog([dvc('r1', 0, ['o0.1', 'o0.2']), dvc('r2', 1, ['o1.1'])])).toEqual(['o1.1']);
    expect(mergedLog([dvc('r1', 1, []), dvc('r3', 1, ['o1.1'])])).toEqual(['o1.1']);
  });
});

describe('vr default model', () => {
  it('keeps committed ops across a view change on its default bounds, and reaches the view-change witness', () => {
    const r = bfs(model('default'));
    expect(r.result).toBe('ok');
    expect(r.witnesses).toEqual({ ViewChangeAfterCommit: true, RecoveredWithCommittedOp: false });
    const independent = exploreVr({ replicas: 3, maxView: 1, maxOps: 1 });
    expect(independent).toMatchObject({ distinct: 3_017, generated: 9_696, viewChangeAfterCommit: true, firstFailure: {} });
    expect([r.distinctStates, r.statesGenerated]).toEqual([independent.distinct, independent.generated]);
  });

  const configs: Record<string, number>[] = [
    { replicas: 1, maxView: 2, maxOps: 2 },
    { replicas: 3, maxView: 0, maxOps: 2 },
  ];
  for (const given of configs) {
    it(`matches the independent explorer without crashes on ${JSON.stringify(given)}`, () => {
      const r = bfs(model('default', given));
      const independent = exploreVr({ replicas: given.replicas, maxView: given.maxView, maxOps: given.maxOps });
      expect(r.result).toBe('ok');
      expect(independent.firstFailure).toEqual({});
      expect([r.distinctStates, r.statesGenerated]).toEqual([independent.distinct, independent.generated]);
      expect(r.witnesses.ViewChangeAfterCommit).toBe(independent.viewChangeAfterCommit);
    });
  }

  it('recovers a crashed replica with the recovery protocol, safely', () => {
    // One view, one crash: a backup that crashed after the op committed gets it back from the primary.
    const r = bfs(model('default', { maxView: 0, maxCrashes: 1 }));
    expect(r.result).toBe('ok');
    expect(r.witnesses.RecoveredWithCommittedOp).toBe(true);
  });

  it('has the hand-counted graph of a single replica that cannot commit', () => {
    // f = 0 yet commit waits for a PrepareOK, which a lone primary never gets: the only step is
    // the ClientRequest (its Prepare reaches only the primary, which ignores its own).
    const r = bfs(model('default', { replicas: 1, maxView: 0, maxOps: 1 }));
    expect([r.result, r.distinctStates, r.statesGenerated, r.maxDepth]).toEqual(['ok', 2, 2, 1]);
  });
});

describe('vr broken variants', () => {
  it('view-change-without-log-merge breaks CommittedOpsSurviveViewChange at depth 7', () => {
    // r1 takes a request (1); r3 gets the Prepare and sends PrepareOK: the op is in 2 logs (2);
    // r2 times out into view 1 (3); r3 gets its StartViewChange and sends DoViewChange (4); r2
    // gets r3's StartViewChange and sends its own (5); r2 gets both DoViewChange (6, 7) and
    // starts view 1 with its own empty log.
    expect(variantOf(protocol, 'view-change-without-log-merge').breaks).toBe('CommittedOpsSurviveViewChange');
    const r = bfs(model('view-change-without-log-merge'));
    expect(r.result).toBe('violation');
    expect(r.violation?.property).toBe('CommittedOpsSurviveViewChange');
    expect(r.violation?.depth).toBe(7);
    const independent = exploreVr({ replicas: 3, maxView: 1, maxOps: 1, bug: 'view-change-without-log-merge', stopAtFirstFailure: true });
    expect(independent.firstFailure).toEqual({ CommittedOpsSurviveViewChange: 7 });
  });

  it('restart-without-recovery breaks CommittedOpsSurviveViewChange at depth 8', () => {
    // r1 takes a request (1); r2 gets the Prepare (2): the op is in 2 logs. r2 crashes and comes
    // back at once with an empty log (3). r2 times out into view 1 (4); r3 gets its
    // StartViewChange and sends DoViewChange (5); r2 gets r3's StartViewChange and sends its
    // own (6); r2 gets both DoViewChange (7, 8): both logs are empty, so view 1 starts without the op.
    expect(variantOf(protocol, 'restart-without-recovery').breaks).toBe('CommittedOpsSurviveViewChange');
    const r = bfs(model('restart-without-recovery'));
    expect(r.params.maxCrashes).toBe(1);
    expect(r.result).toBe('violation');
    expect(r.violation?.property).toBe('CommittedOpsSurviveViewChange');
    expect(r.violation?.depth).toBe(8);
  });
});
