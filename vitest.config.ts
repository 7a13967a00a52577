import path from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['tests/**/*.test.ts'],
    // Fault injection runs on its own (npm run test:faults, vitest.faults.config.ts).
    exclude: [...configDefaults.exclude, 'tests/faults/**'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Two cores: two files at a time, each against its own database.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  },
});
