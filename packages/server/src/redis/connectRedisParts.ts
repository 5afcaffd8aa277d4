import { type Logger, StateError } from '@core/state';
import { createClient } from 'redis';
import { DocCache } from './docCache.js';
import { LockWaiters } from './lockWaiters.js';
import { RedisLockStore } from './redisLockStore.js';
import type { RedisStateManagerParts } from './redisStateManager.js';
import {
  type AnyRedisClient,
  type RedisStateManagerOptions,
  type ResolvedRedisStateManagerOptions,
  resolveRedisStateManagerOptions,
} from './redisStateManagerOptions.js';

/**
 * Connects the parts of a Redis state manager: the command client, the subscriber listening for
 * wake-ups and the cached Lua scripts. Rejects with `STORE_UNAVAILABLE` when Redis cannot be
 * reached at start (later outages are retried).
 */
export async function connectRedisParts(options: RedisStateManagerOptions = {}): Promise<RedisStateManagerParts> {
  const resolved = resolveRedisStateManagerOptions(options);
  const client = resolved.client ?? makeClient(resolved);
  const subscriber = resolved.client ? resolved.client.duplicate() : makeClient(resolved);
  const owned = resolved.client ? [subscriber] : [client, subscriber];
  watch(client, 'commands', resolved.logger);
  watch(subscriber, 'subscriber', resolved.logger);
  try {
    await Promise.all([client, subscriber].filter((c) => !c.isOpen).map((c) => c.connect()));
    const store = new RedisLockStore(client, resolved);
    const cache = new DocCache(resolved.cacheSize);
    const waiters = new LockWaiters(store, resolved, cache);
    await subscriber.subscribe(store.channel, (token) => waiters.wake(token));
    await subscriber.subscribe(store.wantedChannel, (token) => waiters.wanted(token));
    // A message published while the subscriber was down is lost: let every waiter look again.
    subscriber.on('ready', () => waiters.wakeAll());
    await store.loadScripts();
    return { store, waiters, cache, owned };
  } catch (error) {
    for (const c of owned) c.destroy();
    if (error instanceof StateError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StateError(
      'STORE_UNAVAILABLE',
      `Cannot connect to ${resolved.target} (${reason}); start Redis or point REDIS_URL (the url option) at a running server.`,
      { cause: error },
    );
  }
}

/**
 * A client that fails commands at once while disconnected (no offline queue) and reconnects in the
 * background with a capped backoff, but gives up on its very first connection after a few tries
 * so that a wrong URL is reported rather than retried forever.
 */
function makeClient(options: ResolvedRedisStateManagerOptions): AnyRedisClient {
  let connected = false;
  const client = createClient({
    url: options.url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: options.commandTimeout,
      reconnectStrategy: (retries, cause) => {
        if (!connected && retries >= 2) return cause;
        return Math.min(50 * 2 ** retries, 1_000);
      },
    },
  });
  client.once('ready', () => {
    connected = true;
  });
  return client as AnyRedisClient;
}

/** Reports a lost and a restored connection once each, not every failed reconnect attempt. */
function watch(client: AnyRedisClient, role: string, logger: Logger): void {
  let healthy = true;
  client.on('error', (error: unknown) => {
    if (!healthy) return;
    healthy = false;
    logger.warn(`Redis ${role} connection lost; reconnecting`, { error });
  });
  client.on('ready', () => {
    if (healthy) return;
    healthy = true;
    logger.info(`Redis ${role} connection restored`);
  });
}
