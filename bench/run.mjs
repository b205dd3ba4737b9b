// Entry of `npm run bench`: tsx registered here, as bin/soffio.mjs does.
import { register } from 'tsx/esm/api';

register();
await import('./run.ts');
