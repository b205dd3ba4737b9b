import type { Progress } from '../checker/result.ts';

/**
 * What the page and the checker's Web Worker say to each other. The worker speaks first:
 * `ready` once its message handler is installed, and only then does the page send its one
 * CheckRequest. A request posted straight after `new Worker(...)` can be lost: the checker's
 * fingerprint module awaits its WebAssembly at the top level, and a module worker starts
 * taking messages while that await is pending, before the handler exists (the HTML spec does
 * not wait for a module's top-level await; Chromium drops a message with no listener).
 */

export interface CheckRequest {
  readonly protocol: string;
  readonly variant: string;
  readonly params: Readonly<Record<string, string>>;
  readonly maxStates: number;
  readonly timeLimitMs: number;
}

export type CheckReply =
  | { readonly type: 'ready' }
  | ({ readonly type: 'progress' } & Progress)
  | {
      readonly type: 'done';
      readonly result: 'ok' | 'violation' | 'incomplete';
      readonly incompleteReason?: string;
      readonly distinctStates: number;
      readonly durationMs: number;
      readonly witnesses: Readonly<Record<string, boolean>>;
      readonly violation?: { readonly property: string; readonly kind: string; readonly depth: number; readonly path: readonly number[] };
    }
  | { readonly type: 'error'; readonly message: string };
