import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the "source" export condition), so unit
// tests need no build; real server processes in e2e tests run the built `dist/` instead.
export default defineConfig({
  // Tests in a browser-like environment (happy-dom) resolve with these, not with `ssr.resolve`.
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  ssr: {
    resolve: {
      conditions: ['source', 'module', 'node', 'development|production'],
      externalConditions: ['source', 'node'],
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.{ts,tsx}', 'scripts/**/__tests__/*.test.mjs'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
