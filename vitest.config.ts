import { defineConfig } from 'vitest/config';

// Exhaustive model checks take seconds, not milliseconds; the whole suite must still stay
// under about 10 minutes on a 2-core machine.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
