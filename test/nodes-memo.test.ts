import { describe, expect, it } from 'vitest';
import { NodesMemo } from '../src/system/nodes-memo.ts';
import type { NodeState } from '../src/system/stepper.ts';

const node = (n: number): NodeState => ({ value: 'idle', context: { n } });

/** A memo whose computations are counted; the value is the sum of the nodes' `n`. */
function countedMemo() {
  const memo = new NodesMemo<number>();
  let computed = 0;
  const sum = (nodes: Record<string, NodeState>) => {
    computed++;
    return Object.values(nodes).reduce((s, x) => s + (x.context.n as number), 0);
  };
  return { of: (nodes: Record<string, NodeState>) => memo.of(nodes, sum, nodes), computed: () => computed };
}

describe('NodesMemo', () => {
  it('computes once per combination of node objects, whatever record holds them', () => {
    const { of, computed } = countedMemo();
    const [a, b, c] = [node(1), node(2), node(4)];
    expect(of({ s1: a, s2: b })).toBe(3);
    expect(of({ s1: a, s2: b })).toBe(3);
    expect(computed()).toBe(1);
    expect(of({ s1: a, s2: c })).toBe(5);
    expect(of({ s1: c, s2: b })).toBe(6);
    expect(computed()).toBe(3);
  });

  it('compares nodes by identity: an equal node that is another object is computed again', () => {
    const { of, computed } = countedMemo();
    const a = node(1);
    of({ s1: a, s2: node(2) });
    of({ s1: a, s2: node(2) });
    expect(computed()).toBe(2);
  });

  it('stops remembering after a trial in which too few combinations came back', () => {
    const { of, computed } = countedMemo();
    const shared = node(0);
    for (let i = 0; i < 40_000; i++) of({ s1: shared, s2: node(i) });
    const fresh = { s1: shared, s2: node(7) };
    const before = computed();
    of(fresh);
    of(fresh);
    expect(computed() - before).toBe(2);
  });

  it('keeps remembering when most combinations come back', () => {
    const { of, computed } = countedMemo();
    const same = { s1: node(1), s2: node(2) };
    for (let i = 0; i < 40_000; i++) of(same);
    const fresh = { s1: node(3), s2: node(4) };
    const before = computed();
    of(fresh);
    of(fresh);
    expect(computed() - before).toBe(1);
  });
});
