import cliProgress from 'cli-progress';
import type { Progress } from '../checker/result.ts';

/**
 * The live line on stderr while a check runs, about once a second: distinct states, the
 * queue, the depth and the rate. Drawn only on a terminal; a pipe or --json gets nothing.
 */
export interface ProgressLine {
  readonly onProgress?: (p: Progress) => void;
  stop(): void;
}

/** Example: `const line = progressLine(process.stderr.isTTY); bfs(model, { onProgress: line.onProgress }); line.stop();` */
export function progressLine(enabled: boolean, queueLabel = 'queue'): ProgressLine {
  if (!enabled) return { stop() {} };
  const bar = new cliProgress.SingleBar({
    stream: process.stderr,
    format: (_options, _params, p: Record<string, string>) => `  ${p.distinct} distinct  ${queueLabel} ${p.queue}  depth ${p.depth}  ${p.rate} states/s  ${p.elapsed}`,
    clearOnComplete: true,
    hideCursor: false,
    // The search runs synchronously, so cli-progress's own timer cannot fire: draw on update.
    synchronousUpdate: true,
  });
  let started = false;
  return {
    onProgress(p) {
      const payload = {
        distinct: count(p.distinctStates),
        queue: count(p.queue),
        depth: String(p.depth),
        rate: count(p.statesPerSecond),
        elapsed: `${(p.elapsedMs / 1000).toFixed(0)} s`,
      };
      if (!started) {
        bar.start(1, 0, payload);
        started = true;
      } else bar.update(0, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** 12345 -> `12,345`. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}
