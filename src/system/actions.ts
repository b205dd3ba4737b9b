import { emit } from 'xstate';
import { RETAIN_EVENT } from './stepper.ts';

/**
 * Keeps the message being handled in a bag network instead of consuming it, as raft.tla's
 * UpdateTerm does ("messages is unchanged so m can be processed further"). Use it as a named
 * action in a model's setup: `actions: { keepMessage: retainMessage }`.
 */
export const retainMessage = emit({ type: RETAIN_EVENT });
