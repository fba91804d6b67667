import { defineConfig } from 'vitest/config';

/** Browser end-to-end tests: a real Ponte (built API + SPA) on real PostgreSQL, driven in Debian's Chromium. */
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
