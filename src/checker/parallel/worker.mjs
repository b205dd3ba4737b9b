// The entry of a search worker thread. tsx's loader does not reach worker threads on
// Node 20, so the worker registers it itself before importing the TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
