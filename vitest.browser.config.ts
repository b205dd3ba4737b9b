import { defineConfig } from 'vitest/config';

// The explorer in Debian's Chromium: `npm run test:browser`.
export default defineConfig({
  test: {
    include: ['test/explorer-browser.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 180_000,
  },
});
