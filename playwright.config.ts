import { browserSpecSettings } from '@core/test-support';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: real server processes (`core start` on the built demo and examples) and
 * Debian's Chromium driven over CDP (no browser download); see `browserSpecSettings`.
 */
export default defineConfig({
  testDir: '.',
  testMatch: ['apps/*/e2e/**/*.spec.ts', 'packages/*/e2e/**/*.spec.ts', 'examples/*/e2e/**/*.spec.ts'],
  // The docs build extracts guide examples into docs/.examples: never specs to run.
  testIgnore: ['docs/**', '**/node_modules/**'],
  ...browserSpecSettings(),
});
