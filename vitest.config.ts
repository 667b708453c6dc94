import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Log times are local (HH:MM:SS): tests read them in one zone wherever they run.
    env: { TZ: 'UTC' },
    reporters: ['default'],
  },
});
