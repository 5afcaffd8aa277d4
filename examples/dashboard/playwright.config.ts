import { chromiumArgs, chromiumPath } from '@core/test-support';
import { defineConfig } from '@playwright/test';

/**
 * `npm test -w examples/dashboard`: the dashboard's browser specs on their own (the repository's
 * `npm test` runs them with the root config). Build first: the specs serve the build (`core start`).
 */
export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumPath, args: [...chromiumArgs] },
  },
});
