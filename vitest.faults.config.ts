import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: fault injection against real processes (worker, web app, PostgreSQL, the fake
 * WhatsApp). One file at a time: each one loads the two cores on its own, and a crash test must not be
 * slowed into a false failure by its neighbour.
 */
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['tests/faults/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 600_000,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  },
});
