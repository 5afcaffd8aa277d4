import { browserSpecSettings } from '@core/test-support';
import { defineConfig } from '@playwright/test';

/**
 * `npm test` here: the browser specs in e2e/ against `core start` on the built app (run
 * `npm run build` first). The repository's own `npm test` runs them with its root config.
 */
export default defineConfig({ testDir: 'e2e', testMatch: '**/*.spec.ts', ...browserSpecSettings() });
