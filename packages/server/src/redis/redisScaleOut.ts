import { type Logger, type StateManager, silentLogger } from '@core/state';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { ServerOptions } from 'socket.io';
import { makeCluster } from './connectRedisParts.js';
import { createRedisStateManager } from './createRedisStateManager.js';
import { localFirstAdapter } from './localFirstAdapter.js';
import {
  type AnyRedisClient,
  type AnyRedisCluster,
  type RedisStateManagerOptions,
  resolveRedisStateManagerOptions,
} from './redisStateManagerOptions.js';

/** Everything several processes need to share one Redis. */
export interface RedisScaleOut {
  /** Token state and locks in Redis: pass it to `createServer({ stateManager })` (or to `createApp`). */
  readonly stateManager: StateManager;
  /** The socket.io adapter: an emit to a token's room reaches its page on whichever process. */
  readonly adapter: NonNullable<ServerOptions['adapter']>;
  /** Closes the adapter's connections (the state manager is closed by `app.close()`). */
  close(): Promise<void>;
}

/**
 * Connects the Redis state manager and the socket.io Redis adapter (two more connections, for its
 * publish/subscribe), sharing one key prefix. `core start` does this when `REDIS_URL` or
 * `REDIS_CLUSTER_NODES` is set. With `cluster`, the adapter is socket.io's sharded one
 * (`SPUBLISH`/`SSUBSCRIBE`, Redis >= 7): an emit to a token's room goes to the shard of that room's
 * channel and reaches only the processes with a page of that token, not every node.
 *
 * @example
 * const scaleOut = await createRedisScaleOut({ url: process.env.REDIS_URL });
 * createServer({ app, stateManager: scaleOut.stateManager, socket: { adapter: scaleOut.adapter } });
 *
 * @example
 * const scaleOut = await createRedisScaleOut({ cluster: { rootNodes: ['10.0.0.1:6379', '10.0.0.2:6379'] } });
 */
export async function createRedisScaleOut(options: RedisStateManagerOptions = {}): Promise<RedisScaleOut> {
  const logger: Logger = options.logger ?? silentLogger;
  const resolved = resolveRedisStateManagerOptions(options);
  const stateManager = await createRedisStateManager(options);
  const publisher: AnyRedisClient | AnyRedisCluster = resolved.cluster
    ? makeCluster(resolved, false)
    : (createClient({
        url: resolved.url,
        disableOfflineQueue: true,
        socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1_000) },
      }) as AnyRedisClient);
  const subscriber = resolved.cluster ? makeCluster(resolved, true) : (publisher as AnyRedisClient).duplicate();
  for (const client of [publisher, subscriber]) {
    // An 'error' event without a listener would end the process; the clients reconnect by themselves.
    client.on('error', (error: unknown) => logger.warn('Redis adapter connection error', { error }));
  }
  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
  } catch (error) {
    publisher.destroy();
    subscriber.destroy();
    await stateManager.close();
    throw error;
  }
  // The adapter publishes without handling a rejection: with Redis down, one emit would end the
  // process (unhandled rejection). Emits to other processes are best effort: pages resync after.
  const method = resolved.cluster ? 'sPublish' : 'publish';
  const publish = (publisher as AnyRedisClient)[method].bind(publisher);
  Object.assign(publisher, {
    [method]: (channel: string, message: string) =>
      publish(channel, message).catch((error: unknown) => {
        logger.warn('Publishing an update to the other processes failed', { error });
        return 0;
      }),
  });
  const key = `${resolved.keyPrefix}socket.io`;
  const adapter = resolved.cluster
    ? (localFirstAdapter(createShardedAdapter(publisher, subscriber, { channelPrefix: key }), logger) as ReturnType<
        typeof createShardedAdapter
      >)
    : createAdapter(publisher, subscriber, { key });
  return {
    stateManager,
    adapter,
    async close() {
      await Promise.allSettled([publisher.close(), subscriber.close()]);
    },
  };
}
