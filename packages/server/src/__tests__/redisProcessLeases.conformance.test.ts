import { randomUUID } from 'node:crypto';
import { createRedisStateManager, type RedisStateManager } from '@core/server/redis';
import type { StateManager } from '@core/state';
import {
  runAppTaskLeaseConformance,
  runHandlerPresenceConformance,
  runPresenceConformance,
} from '@core/state/conformance';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from './redisServer.js';

const redis = useRedisServer();

describe.skipIf(!redis)('RedisPresenceRegistry and RedisAppTaskLeases', () => {
  // Each first process gets its own key prefix; a peer ("another process") shares it.
  const prefixes = new WeakMap<StateManager, string>();
  const create = async ({ peerOf, taskLease }: { peerOf?: StateManager; taskLease: number }) => {
    const keyPrefix = (peerOf && prefixes.get(peerOf)) ?? `test:${randomUUID()}:`;
    const manager: RedisStateManager = await createRedisStateManager({ url: redis?.url, keyPrefix, taskLease });
    prefixes.set(manager, keyPrefix);
    return manager;
  };
  runPresenceConformance('RedisStateManager', create);
  runAppTaskLeaseConformance('RedisStateManager', create);
  runHandlerPresenceConformance('RedisStateManager', create);
});

describe.skipIf(!redis)('RedisPresenceRegistry keys', () => {
  it('leaves no key behind once every entry left, a process stopped, or a dead process was reaped', async () => {
    const keyPrefix = `test:${randomUUID()}:`;
    const manager = await createRedisStateManager({ url: redis?.url, keyPrefix, taskLease: 900 });
    const probe = createClient({ url: redis?.url });
    await probe.connect();
    try {
      const a = await manager.taskRegistry.join();
      const b = await manager.taskRegistry.join();
      const pa = manager.presenceRegistry.attach(a);
      const pb = manager.presenceRegistry.attach(b);
      await pa.join('@room:x', 'a1', {});
      await pa.join('@room:y', 'a2', {});
      await pb.join('@room:x', 'b1', {});
      const presenceKeys = async () =>
        (await probe.keys(`${keyPrefix}*presence*`)).filter((key) => !key.includes('processes')).sort();
      expect((await presenceKeys()).length).toBeGreaterThan(0);
      await pb.leave('@room:x', 'b1');
      await pa.leave('@room:y', 'a2');
      expect(await presenceKeys()).toEqual([
        `${keyPrefix}presence-version:{@room:x}`,
        `${keyPrefix}presence:{@room:x}`,
        `${keyPrefix}process-presence:{${a.id}}`,
      ]);
      expect(await pb.reap(a.id)).toHaveLength(1);
      expect(await presenceKeys()).toEqual([]);
      await pb.join('@room:z', 'b2', {});
      await pb.leaveAll();
      expect(await presenceKeys()).toEqual([]);
      await a.leave();
      await b.leave();
    } finally {
      await probe.close();
      await manager.close();
    }
  });
});
