import { chromiumArgs, chromiumPath } from '@core/test-support';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: real server processes (`core start` on the built demo) and Debian's Chromium
 * driven over CDP (no browser download). One worker: the machine has two cores and the specs
 * start their own servers.
 */
export default defineConfig({
  testDir: '.',
  testMatch: ['apps/*/e2e/**/*.spec.ts', 'packages/*/e2e/**/*.spec.ts', 'examples/*/e2e/**/*.spec.ts'],
  // The docs build extracts guide examples into docs/.examples: never specs to run.
  testIgnore: ['docs/**', '**/node_modules/**'],
  fullyParallel: false,
  workers: 1,
  // One retry in CI only: a spec that passes on its second try is reported as flaky (npm test
  // prints how many), so it is seen and fixed, but a loaded CI machine does not block a landing.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumPath, args: [...chromiumArgs] },
  },
});
