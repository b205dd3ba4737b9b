/**
 * A second, independent computation of the VR model's state graph without crashes, for the
 * tests. Plain TypeScript: no XState, nothing from src/, models/ or spec/. It encodes the
 * rules of normal operation and view change as written in spec/vr/README.md and explores
 * breadth first, counting as the checker does: distinct states, and generated = initial
 * states plus every enabled step, including steps back to a state already seen.
 *
 * Example: `exploreVr({ replicas: 3, maxView: 1, maxOps: 1 })`.
 */

export interface VrExplorerConfig {
  readonly replicas: number;
  readonly maxView: number;
  readonly maxOps: number;
  readonly bug?: 'none' | 'view-change-without-log-merge' | 'commit-without-quorum' | 'prepare-from-old-view';
  readonly stopAtFirstFailure?: boolean;
}

export interface VrExplorerResult {
  readonly distinct: number;
  readonly generated: number;
  readonly viewChangeAfterCommit: boolean;
  readonly firstFailure: Readonly<Record<string, number>>;
}

/** [from, to, view, log, lastNormal, commit] */
type Dvc = [number, number, number, string[], number, number];
interface Replica {
  normal: boolean;
  view: number;
  log: string[];
  commit: number;
  lastNormal: number;
  acks: number[];
  svc: number[];
  sentDvc: boolean;
  dvc: Dvc[];
}
interface World {
  reps: Replica[];
  msgs: Map<string, unknown[]>;
}

export function exploreVr(cfg: VrExplorerConfig): VrExplorerResult {
  const n = cfg.replicas;
  const f = Math.floor((n - 1) / 2);
  const primary = (view: number) => view % n;
  const key = (w: World) => JSON.stringify(w.reps) + '#' + [...w.msgs.keys()].sort().join(' ');
  const clone = (w: World): World => ({ reps: w.reps.map((r) => ({ ...r, log: r.log.slice(), acks: r.acks.slice(), svc: r.svc.slice(), dvc: r.dvc.slice() })), msgs: new Map(w.msgs) });
  const send = (w: World, m: unknown[]) => w.msgs.set(JSON.stringify(m), m);
  const fresh = (r: Replica, view: number) => Object.assign(r, { view, acks: [], svc: [], sentDvc: false, dvc: [] });
  const dvcOf = (r: Replica, i: number): Dvc => [i, primary(r.view), r.view, r.log.slice(), r.lastNormal, r.commit];

  /** [view, op, entry] of the ops a primary has committed and replied to the client about. */
  const committed = (w: World) =>
    [...w.msgs.values()].filter((m) => m[0] === 'reply').map((m) => [m[2], m[3], m[4]] as [number, number, string]);
  const properties: Record<string, (w: World) => boolean> = {
    CommittedOpsSurviveViewChange: (w) => w.reps.every((r, i) => !r.normal || primary(r.view) !== i || committed(w).every(([v, op, e]) => v >= r.view || r.log[op - 1] === e)),
    CommittedPrefixesAgree: (w) => w.reps.every((a) => w.reps.every((b) => a.log.slice(0, Math.min(a.commit, b.commit)).every((e, k) => b.log[k] === e))),
    OnePrimaryPerView: (w) => {
      const views = w.reps.filter((r, i) => r.normal && primary(r.view) === i).map((r) => r.view);
      return new Set(views).size === views.length;
    },
  };

  function successors(w: World): World[] {
    const out: World[] = [];
    const step = (change: (x: World) => void) => {
      const x = clone(w);
      change(x);
      out.push(x);
    };
    w.reps.forEach((r, i) => {
      if (r.normal && primary(r.view) === i && r.commit === r.log.length && r.log.length < cfg.maxOps) {
        step((x) => {
          const y = x.reps[i];
          y.log.push(`o${y.view}.${y.log.length + 1}`);
          y.acks = [];
          if (cfg.bug === 'commit-without-quorum') y.commit = y.log.length;
          send(x, ['prepare', i, y.view, y.log.length, y.log[y.log.length - 1], y.commit]);
          if (cfg.bug === 'commit-without-quorum') send(x, ['reply', i, y.view, y.log.length, y.log[y.log.length - 1]]);
        });
      }
      if (r.normal && primary(r.view) === i && r.commit > 0) step((x) => send(x, ['commit', i, r.view, r.commit]));
      if (r.view + 1 <= cfg.maxView) {
        step((x) => {
          const y = x.reps[i];
          y.normal = false;
          fresh(y, y.view + 1);
          send(x, ['svc', i, y.view]);
        });
      }
    });
    for (const m of w.msgs.values()) {
      w.reps.forEach((r, i) => {
        switch (m[0]) {
          case 'prepare': {
            const [, from, v, op, entry, commit] = m as [string, number, number, number, string, number];
            if (r.normal && from !== i && (v === r.view || cfg.bug === 'prepare-from-old-view') && primary(r.view) !== i && op === r.log.length + 1) {
              step((x) => {
                const y = x.reps[i];
                y.log.push(entry);
                y.commit = Math.max(y.commit, commit);
                send(x, ['ok', i, primary(y.view), y.view, y.log.length]);
              });
            }
            return;
          }
          case 'ok': {
            const [, from, to, v, op] = m as [string, number, number, number, number];
            if (to !== i) return;
            if (r.normal && primary(r.view) === i && v === r.view && op === r.log.length && op > r.commit && !r.acks.includes(from)) {
              step((x) => {
                const y = x.reps[i];
                y.acks = [...y.acks, from].sort();
                if (y.acks.length >= f) {
                  y.commit = y.log.length;
                  send(x, ['reply', i, y.view, y.log.length, y.log[y.log.length - 1]]);
                }
              });
            }
            return;
          }
          case 'commit': {
            const [, , v, k] = m as [string, number, number, number];
            if (r.normal && v === r.view && primary(r.view) !== i && k > r.commit && k <= r.log.length) step((x) => (x.reps[i].commit = k));
            return;
          }
          case 'svc': {
            const [, from, v] = m as [string, number, number];
            if (!r.normal && v === r.view && from !== i && !r.svc.includes(from) && !r.sentDvc) {
              step((x) => {
                const y = x.reps[i];
                y.svc = [...y.svc, from].sort();
                if (y.svc.length >= f) {
                  send(x, ['dvc', ...dvcOf(y, i)]);
                  y.sentDvc = true;
                }
              });
            } else if (v > r.view && from !== i) {
              step((x) => {
                const y = x.reps[i];
                y.normal = false;
                fresh(y, v);
                y.svc = [from];
                send(x, ['svc', i, v]);
                if (f <= 1) {
                  send(x, ['dvc', ...dvcOf(y, i)]);
                  y.sentDvc = true;
                }
              });
            }
            return;
          }
          case 'dvc': {
            const d = m.slice(1) as Dvc;
            if (d[1] !== i) return;
            if (!r.normal && primary(r.view) === i && d[2] === r.view && !r.dvc.some((e) => e[0] === d[0])) {
              step((x) => {
                const y = x.reps[i];
                y.dvc = [...y.dvc, d].sort((a, b) => a[0] - b[0]);
                if (y.dvc.length >= f + 1) {
                  let best = y.dvc[0];
                  for (const e of y.dvc) if (e[4] > best[4] || (e[4] === best[4] && e[3].length > best[3].length)) best = e;
                  const log = cfg.bug === 'view-change-without-log-merge' ? y.log : best[3].slice();
                  const commit = Math.min(log.length, Math.max(...y.dvc.map((e) => e[5])));
                  Object.assign(y, { normal: true, log, commit, lastNormal: y.view, acks: [], svc: [], sentDvc: false, dvc: [] });
                  send(x, ['sv', i, y.view, y.log.slice(), y.commit]);
                }
              });
            }
            return;
          }
          case 'sv': {
            const [, from, v, log, commit] = m as [string, number, number, string[], number];
            if (from !== i && (v > r.view || (!r.normal && v === r.view))) {
              step((x) => {
                const y = x.reps[i];
                fresh(y, v);
                Object.assign(y, { normal: true, log: log.slice(), commit, lastNormal: v });
              });
            }
            return;
          }
        }
      });
    }
    return out;
  }

  const init: World = {
    reps: Array.from({ length: n }, () => ({ normal: true, view: 0, log: [], commit: 0, lastNormal: 0, acks: [], svc: [], sentDvc: false, dvc: [] })),
    msgs: new Map(),
  };
  const seen = new Set<string>([key(init)]);
  const firstFailure: Record<string, number> = {};
  let generated = 1;
  let viewChangeAfterCommit = false;
  let level = [init];
  for (let depth = 0; level.length > 0; depth++) {
    for (const w of level) {
      for (const [name, holds] of Object.entries(properties)) if (!(name in firstFailure) && !holds(w)) firstFailure[name] = depth;
      if (committed(w).some(([v]) => w.reps.some((r) => r.normal && r.view > v))) viewChangeAfterCommit = true;
    }
    if (cfg.stopAtFirstFailure && Object.keys(firstFailure).length > 0) break;
    const nextLevel: World[] = [];
    for (const w of level) {
      for (const s of successors(w)) {
        generated++;
        const k = key(s);
        if (seen.has(k)) continue;
        seen.add(k);
        nextLevel.push(s);
      }
    }
    level = nextLevel;
  }
  return { distinct: seen.size, generated, viewChangeAfterCommit, firstFailure };
}
