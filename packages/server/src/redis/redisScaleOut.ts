import { type Logger, type StateManager, silentLogger } from '@core/state';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { ServerOptions } from 'socket.io';
import { createRedisStateManager } from './createRedisStateManager.js';
import type { RedisStateManagerOptions } from './redisStateManagerOptions.js';

/** Everything several processes need to share one Redis. */
export interface RedisScaleOut {
  /** Token state and locks in Redis: pass it to `createApp` or `app.useStateManager`. */
  readonly stateManager: StateManager;
  /** The socket.io adapter: an emit to a token's room reaches its page on whichever process. */
  readonly adapter: NonNullable<ServerOptions['adapter']>;
  /** Closes the adapter's connections (the state manager is closed by `app.close()`). */
  close(): Promise<void>;
}

/**
 * Connects the Redis state manager and the socket.io Redis adapter (two more connections, for its
 * publish/subscribe), sharing one key prefix. `core start` does this when `REDIS_URL` is set.
 *
 * @example
 * const scaleOut = await createRedisScaleOut({ url: process.env.REDIS_URL });
 * app.useStateManager(scaleOut.stateManager);
 * createServer({ app, socket: { adapter: scaleOut.adapter } });
 */
export async function createRedisScaleOut(options: RedisStateManagerOptions = {}): Promise<RedisScaleOut> {
  const logger: Logger = options.logger ?? silentLogger;
  const stateManager = await createRedisStateManager(options);
  const url = options.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const publisher = createClient({
    url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1_000) },
  });
  const subscriber = publisher.duplicate();
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
  const publish = publisher.publish.bind(publisher);
  Object.assign(publisher, {
    publish: (channel: string, message: string) =>
      publish(channel, message).catch((error: unknown) => {
        logger.warn('Publishing an update to the other processes failed', { error });
        return 0;
      }),
  });
  const adapter = createAdapter(publisher, subscriber, { key: `${options.keyPrefix ?? 'core:'}socket.io` });
  return {
    stateManager,
    adapter,
    async close() {
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}
