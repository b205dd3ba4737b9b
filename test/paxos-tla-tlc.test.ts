import { describe, expect, it } from 'vitest';
import { bfs } from '../src/checker/bfs.ts';
import { resolveParams, variantOf } from '../src/model/protocol.ts';
import { protocol } from '../models/paxos/index.ts';
import { exploreTla } from './support/paxosTlaExplorer.ts';

/**
 * The Paxos.tla mirror against TLC's own figures. Kept apart from test/paxos.test.ts because
 * it is long: 1.36 million steps, minutes on the XState reference engine.
 */

// TLC 2.20 on Paxos.tla with Acceptor = {a1, a2, a3}, Value = {v1, v2}, Ballot = 0..2 and the
// three 2-element quorums, no symmetry: 185,369 distinct states, 1,361,380 states generated.
const TLC = { distinct: 185_369, generated: 1_361_380 };

describe('paxos tla variant against TLC', () => {
  it('the independent encoding of Paxos.tla reproduces TLC', () => {
    expect(exploreTla(3, 2, 2)).toEqual(TLC);
  });

  it(
    'has the state graph TLC reports for acceptors=3 values=2 maxBallot=2',
    () => {
      const params = resolveParams(protocol, variantOf(protocol, 'tla'), { acceptors: 3, values: 2, maxBallot: 2 });
      const r = bfs(protocol.build(params, 'tla'));
      expect(r.result).toBe('ok');
      expect(r.witnesses).toEqual({ ValueChosen: true });
      expect({ distinct: r.distinctStates, generated: r.statesGenerated }).toEqual(TLC);
    },
    1_200_000,
  );
});
