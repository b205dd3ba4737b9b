// Entry of one benchmark row: tsx registered here, as bin/soffio.mjs does.
import { register } from 'tsx/esm/api';

register();
await import('./row.ts');
