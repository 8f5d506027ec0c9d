import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // two cores on CI: keep the worker pool small so subprocess and browser tests are not starved
    maxWorkers: 2,
    globalSetup: ['tests/global-setup.ts'],
    reporters: ['default', './tests/closing-line-reporter.ts'],
  },
});
