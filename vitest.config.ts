import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Log times are local (HH:MM:SS): tests read them in one zone wherever they run.
    env: { TZ: 'UTC' },
    // Finds Chromium once; without it the browser tests are skipped with one line saying so.
    globalSetup: ['test/browser/global-setup.ts'],
    reporters: ['default'],
  },
});
