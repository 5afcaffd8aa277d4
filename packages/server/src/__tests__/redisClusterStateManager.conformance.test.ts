import { randomUUID } from 'node:crypto';
import { createRedisStateManager, type RedisStateManagerOptions } from '@core/server/redis';
import {
  runScopeConformance,
  runStateManagerConformance,
  runStepSemanticsConformance,
  runTaskLifecycleConformance,
} from '@core/state/conformance';
import { describe } from 'vitest';
import { useRedisCluster } from './redisServer.js';

// The same suites against a private three-master Redis Cluster: every script must touch one slot
// (a CROSSSLOT refusal would fail every case), documents of every scope (tabs, sessions, rooms,
// the app) spread over the shards, and wake-ups travel over sharded pub/sub.
const redis = useRedisCluster();

describe.skipIf(!redis)('RedisStateManager on a Redis Cluster', () => {
  const on = (keyPrefix: string, options: RedisStateManagerOptions = {}) =>
    createRedisStateManager({ cluster: { rootNodes: redis?.rootNodes ?? [] }, keyPrefix, ...options });
  runStateManagerConformance('RedisStateManager (cluster)', (options) => on(`test:${randomUUID()}:`, options));
  runStepSemanticsConformance('RedisStateManager (cluster)', () => on(`test:${randomUUID()}:`));
  // One prefix for the suite: shared documents (app, sessions, rooms) must be shared by its apps.
  const scopePrefix = `test:${randomUUID()}:`;
  runScopeConformance('RedisStateManager (cluster)', () => on(scopePrefix));
  // The task registry's keys take the same hash tags; a peer ("another process") shares its prefix.
  const taskPrefixes = new WeakMap<object, string>();
  runTaskLifecycleConformance('RedisStateManager (cluster)', async ({ peerOf, tokenExpiration }) => {
    const keyPrefix = (peerOf && taskPrefixes.get(peerOf)) ?? `test:${randomUUID()}:`;
    const manager = await on(keyPrefix, { tokenExpiration });
    taskPrefixes.set(manager, keyPrefix);
    return manager;
  });
});
