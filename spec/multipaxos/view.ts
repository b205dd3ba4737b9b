import { recentlyComputed } from '../../src/util/recent.ts';

/**
 * What Multi-Paxos's properties read of a state: every vote cast, each learner's learned
 * slots, and each leader's ballot and whether it leads. models/multipaxos/cluster.ts maps a
 * cluster state to this view.
 */
export interface MultiPaxosVote {
  readonly acceptor: string;
  readonly slot: number;
  readonly ballot: number;
  readonly value: string | null;
}

export interface MultiPaxosView {
  readonly acceptors: readonly string[];
  readonly votes: readonly MultiPaxosVote[];
  /** Each learner's learned slots. */
  readonly learned: readonly (readonly { readonly slot: number; readonly val: string | null }[])[];
  readonly leaders: readonly { readonly leading: boolean; readonly ballot: number }[];
  /** The client commands of the configuration; a chosen value is one of these or `noop`. */
  readonly commands: readonly string[];
}

export interface Chosen {
  readonly slot: number;
  readonly ballot: number;
  readonly value: string | null;
}

/**
 * Each (slot, ballot, value) a majority of the acceptors voted for ("Paxos Made Simple",
 * section 3: each slot is an instance of the consensus algorithm).
 * Example: a1 and a2 voting c0.0 in slot 0, ballot 0, of 3 acceptors: `[{ slot: 0, ballot: 0, value: 'c0.0' }]`.
 */
export function chosenEntries(view: MultiPaxosView): Chosen[] {
  // Every property and witness reads this of the same view: compute it once.
  return chosenOf(view);
}

const chosenOf = recentlyComputed((view: MultiPaxosView): Chosen[] => {
  const majority = Math.floor(view.acceptors.length / 2) + 1;
  const groups = new Map<string, { chosen: Chosen; voters: Set<string> }>();
  for (const v of view.votes) {
    const key = `${v.slot}|${v.ballot}|${JSON.stringify(v.value)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { chosen: { slot: v.slot, ballot: v.ballot, value: v.value }, voters: new Set() }));
    g.voters.add(v.acceptor);
  }
  return [...groups.values()].filter((g) => g.voters.size >= majority).map((g) => g.chosen);
});

/**
 * The contiguous log of a set of entries: the values of slots 0, 1, ... up to the first slot
 * missing. Example: slots 0 and 2 give the one-entry log of slot 0.
 */
export function contiguousLog(entries: readonly { readonly slot: number; readonly val: string | null }[]): (string | null)[] {
  const log: (string | null)[] = [];
  for (;;) {
    const e = entries.find((x) => x.slot === log.length);
    if (e === undefined) return log;
    log.push(e.val);
  }
}
