import { defineConfig } from 'vitest/config';

// Three projects, as in STYLE.md: unit (pure logic), integration (real PostgreSQL,
// Redis, mediasoup, socket.io-client), browser (headless Chromium via playwright-core).
export default defineConfig({
  test: {
    globalSetup: ['./test/helpers/global-setup.ts'],
    typecheck: { enabled: false },
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
