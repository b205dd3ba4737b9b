import type { Progress } from '../checker/result.ts';

/** What the page and the checker's Web Worker say to each other. */

export interface CheckRequest {
  readonly protocol: string;
  readonly variant: string;
  readonly params: Readonly<Record<string, string>>;
  readonly maxStates: number;
  readonly timeLimitMs: number;
}

export type CheckReply =
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
