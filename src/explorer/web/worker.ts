import '../shims/process.ts';
import { bfs } from '../../checker/bfs.ts';
import { loadProtocol } from '../../registry.ts';
import type { CheckReply, CheckRequest } from '../messages.ts';
import { buildModel, pathOf } from '../session.ts';

/**
 * The model checker in a Web Worker: the same BFS, cluster and models as `soffio check`,
 * bundled by Vite, so the page stays responsive while it runs. A counterexample comes back
 * as a path the page can walk, not as states.
 *
 * This body runs only after every import has finished loading, the fingerprint module's
 * top-level await included; the `ready` at the end tells the page a request will now be
 * heard (see messages.ts for why the page must wait for it).
 */

const post = (reply: CheckReply) => postMessage(reply);

onmessage = async (event: MessageEvent<CheckRequest>) => {
  const request = event.data;
  try {
    const model = buildModel(await loadProtocol(request.protocol), request);
    const result = bfs(model, {
      maxStates: request.maxStates,
      timeLimitMs: request.timeLimitMs,
      progressIntervalMs: 300,
      onProgress: (p) => post({ type: 'progress', ...p }),
    });
    const v = result.violation;
    post({
      type: 'done',
      result: result.result,
      incompleteReason: result.incompleteReason,
      distinctStates: result.distinctStates,
      durationMs: result.durationMs,
      witnesses: result.witnesses,
      violation: v && { property: v.property, kind: v.kind, depth: v.depth, path: pathOf(model, v.trace.actions) },
    });
  } catch (err) {
    post({ type: 'error', message: (err as Error)?.message ?? String(err) });
  }
};

post({ type: 'ready' });
