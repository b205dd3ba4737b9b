import { defineConfig } from 'vitest/config';

// Exhaustive model checks take seconds, not milliseconds; the whole suite must still stay
// under about 10 minutes on a 2-core machine.
//
// The explorer's browser test runs apart (`npm run test:browser`, vitest.browser.config.ts):
// from a clean clone whose node_modules lives under /tmp its in-page check never finished,
// and a hung browser must not hold up the whole suite. See issue 7.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/explorer-browser.test.ts', '**/node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
