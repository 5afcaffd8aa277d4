import { randomUUID } from 'node:crypto';
import { createRedisStateManager } from '@core/server/redis';
import { runStateManagerConformance } from '@core/state/conformance';
import { describe } from 'vitest';
import { useRedisCluster } from './redisServer.js';

// The same suite against a private three-master Redis Cluster: every script must touch one slot
// (a CROSSSLOT refusal would fail every case) and wake-ups travel over sharded pub/sub.
const redis = useRedisCluster();

describe.skipIf(!redis)('RedisStateManager on a Redis Cluster', () => {
  runStateManagerConformance('RedisStateManager (cluster)', (options) =>
    createRedisStateManager({
      cluster: { rootNodes: redis?.rootNodes ?? [] },
      keyPrefix: `test:${randomUUID()}:`,
      ...options,
    }),
  );
});
