import { randomUUID } from 'node:crypto';
import { createRedisStateManager, type RedisStateManager, type RedisStateManagerOptions } from '@core/server/redis';
import { afterEach, describe, expect, it } from 'vitest';
import { useRedisCluster } from './redisServer.js';
import { counterDoc, counterOf } from './redisTestKit.js';

const redis = useRedisCluster();

describe.skipIf(!redis)('RedisStateManager on a three-master Redis Cluster', () => {
  const opened: RedisStateManager[] = [];
  let prefix = '';
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((manager) => manager.close()));
    prefix = '';
  });
  /** A manager ("process") on the test's key prefix. */
  const manager = async (options: RedisStateManagerOptions = {}) => {
    prefix ||= `test:${randomUUID()}:`;
    const made = await createRedisStateManager({
      cluster: { rootNodes: redis?.rootNodes ?? [] },
      keyPrefix: prefix,
      ...options,
    });
    opened.push(made);
    return made;
  };

  it('reports itself healthy when every master answers PING (what GET /healthz shows)', async () => {
    expect(await (await manager()).health()).toEqual({ ok: true });
  });

  it('keeps exact totals on tokens spread over every shard, two processes woken only by sharded pub/sub', async () => {
    // A re-check a minute away: a waiter that was not woken by a SPUBLISH would time the test out.
    const options = { recheckInterval: 60_000, lockLinger: 0 };
    const managers = [await manager(options), await manager(options)];
    const tokens = Array.from({ length: 12 }, (_, i) => `spread-${i}`);
    const masters = new Set(
      await Promise.all(tokens.map(async (t) => (await redis?.cluster.masterOf(`${prefix}state:{${t}}`))?.port)),
    );
    expect(masters.size).toBe(3);
    await Promise.all(
      tokens.flatMap((t) =>
        Array.from({ length: 20 }, async (_, i) => {
          const lease = await managers[i % 2].lock(t);
          await lease.release(counterDoc(counterOf(lease.doc) + 1));
        }),
      ),
    );
    for (const t of tokens) expect(counterOf(await managers[0].get(t))).toBe(20);
  });

  it('lets go of a lock kept idle as soon as another process wants it (the wanted message is sharded)', async () => {
    // Kept for a minute unless the wanted message arrives; the re-check cannot help either.
    const keeper = await manager({ lockLinger: 60_000, recheckInterval: 60_000 });
    const other = await manager({ recheckInterval: 60_000 });
    const lease = await keeper.lock('kept');
    await lease.release(counterDoc(1));
    const taken = await other.lock('kept');
    expect(counterOf(taken.doc)).toBe(1);
    await taken.release(counterDoc(2));
    expect(counterOf(await keeper.get('kept'))).toBe(2);
  });

  it('subscribes to sixteen sharded channels of each kind, not to classic pub/sub', async () => {
    await manager();
    const cluster = redis?.cluster;
    if (!cluster) return;
    const counts = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const channel = `${prefix}released:{${i}}`;
        const owner = await cluster.masterOf(channel);
        const reply = await cluster.cli(['PUBSUB', 'SHARDNUMSUB', channel], owner);
        return Number(reply.trim().split('\n')[1]);
      }),
    );
    expect(counts).toEqual(Array.from({ length: 16 }, () => 1));
    expect((await cluster.cli(['PUBSUB', 'NUMSUB', `${prefix}released`])).trim().split('\n')[1]).toBe('0');
  });

  it('refuses a key prefix with a hash-tag brace and a malformed node, with messages that say how to fix them', async () => {
    await Promise.all([
      expect(createRedisStateManager({ cluster: { rootNodes: ['a:1'] }, keyPrefix: 'app{x}:' })).rejects.toThrow(
        /may not contain "\{" or "\}"/,
      ),
      expect(createRedisStateManager({ cluster: { rootNodes: ['no-port'] } })).rejects.toThrow(/not "host:port"/),
      expect(createRedisStateManager({ cluster: { rootNodes: [] } })).rejects.toThrow(/at least one "host:port"/),
      expect(createRedisStateManager({ cluster: { rootNodes: ['127.0.0.1:1'] } })).rejects.toThrow(
        /Cannot connect to the Redis Cluster at redis:\/\/127\.0\.0\.1:1 .*point REDIS_CLUSTER_NODES/,
      ),
    ]);
  });
});
