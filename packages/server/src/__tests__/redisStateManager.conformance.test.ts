import { randomUUID } from 'node:crypto';
import { createRedisStateManager } from '@core/server/redis';
import { runScopeConformance, runStateManagerConformance, runStepSemanticsConformance } from '@core/state/conformance';
import { describe } from 'vitest';
import { useRedisServer } from './redisServer.js';

const redis = useRedisServer();

describe.skipIf(!redis)('RedisStateManager', () => {
  // Each manager gets its own key prefix, so the cases cannot see each other's keys.
  runStateManagerConformance('RedisStateManager', (options) =>
    createRedisStateManager({ url: redis?.url, keyPrefix: `test:${randomUUID()}:`, ...options }),
  );
  runStepSemanticsConformance('RedisStateManager', () =>
    createRedisStateManager({ url: redis?.url, keyPrefix: `test:${randomUUID()}:` }),
  );
  // One prefix for the suite: shared documents (app, sessions, rooms) must be shared by its apps.
  const scopePrefix = `test:${randomUUID()}:`;
  runScopeConformance('RedisStateManager', () => createRedisStateManager({ url: redis?.url, keyPrefix: scopePrefix }));
});
