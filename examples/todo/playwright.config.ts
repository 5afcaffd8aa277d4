import { chromiumArgs, chromiumPath } from '@core/test-support';
import { defineConfig } from '@playwright/test';

/**
 * `npm test` here: the browser specs in e2e/ against `core start` on the built app (run
 * `npm run build` first) in the system's Chromium. The repository's own config runs them too.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
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
