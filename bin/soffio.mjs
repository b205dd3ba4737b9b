#!/usr/bin/env node
// The `soffio` command. Runs the TypeScript sources directly through tsx, so `npx soffio`
// works right after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

// `soffio show trace | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
