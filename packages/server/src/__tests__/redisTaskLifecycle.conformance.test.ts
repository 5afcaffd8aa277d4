import { randomUUID } from 'node:crypto';
import { createRedisStateManager, type RedisStateManager } from '@core/server/redis';
import { runTaskLifecycleConformance } from '@core/state/conformance';
import { describe } from 'vitest';
import { useRedisServer } from './redisServer.js';

const redis = useRedisServer();

describe.skipIf(!redis)('RedisTaskRegistry', () => {
  // Each app gets its own key prefix; a peer ("another process") shares its first app's.
  const prefixes = new WeakMap<object, string>();
  runTaskLifecycleConformance('RedisStateManager', async ({ peerOf, tokenExpiration }) => {
    const keyPrefix = (peerOf && prefixes.get(peerOf)) ?? `test:${randomUUID()}:`;
    const manager: RedisStateManager = await createRedisStateManager({ url: redis?.url, keyPrefix, tokenExpiration });
    prefixes.set(manager, keyPrefix);
    return manager;
  });
});
