import { type Logger, StateError } from '@core/state';
import { createClient, createCluster } from 'redis';
import { DocCache } from './docCache.js';
import { LockWaiters } from './lockWaiters.js';
import { RedisLockStore } from './redisLockStore.js';
import type { RedisStateManagerParts } from './redisStateManager.js';
import {
  type AnyRedisClient,
  type AnyRedisCluster,
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
  const cluster = resolved.cluster;
  const client: AnyRedisClient | AnyRedisCluster = cluster
    ? makeCluster(resolved, false)
    : (resolved.client ?? makeClient(resolved));
  const subscriber: AnyRedisClient | AnyRedisCluster = cluster
    ? makeCluster(resolved, true)
    : resolved.client
      ? resolved.client.duplicate()
      : makeClient(resolved);
  const owned = resolved.client ? [subscriber] : [client, subscriber];
  watch(client, 'commands', resolved.logger);
  watch(subscriber, 'subscriber', resolved.logger);
  try {
    await Promise.all([client, subscriber].filter((c) => !c.isOpen).map((c) => c.connect()));
    const store = new RedisLockStore(client, resolved);
    const cache = new DocCache(resolved.cacheSize);
    const waiters = new LockWaiters(store, resolved, cache);
    if (cluster) {
      // One SSUBSCRIBE per channel: the buckets live in different slots.
      const { released, wanted } = store.shardedChannels;
      await Promise.all([
        ...released.map((channel) => subscriber.sSubscribe(channel, (token) => waiters.wake(token))),
        ...wanted.map((channel) => subscriber.sSubscribe(channel, (token) => waiters.wanted(token))),
      ]);
    } else {
      await subscriber.subscribe(store.channel, (token) => waiters.wake(token));
      await subscriber.subscribe(store.wantedChannel, (token) => waiters.wanted(token));
    }
    // A message published while the subscriber was down is lost: let every waiter look again.
    subscriber.on(cluster ? 'node-ready' : 'ready', () => waiters.wakeAll());
    await store.loadScripts();
    return { store, client, waiters, cache, owned };
  } catch (error) {
    for (const c of owned) c.destroy();
    if (error instanceof StateError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    const fix =
      cluster && /unknown command/i.test(reason)
        ? 'cluster mode needs Redis 7 or later (sharded pub/sub: SPUBLISH, SSUBSCRIBE)'
        : cluster
          ? 'start the cluster or point REDIS_CLUSTER_NODES (the cluster.rootNodes option) at its nodes'
          : 'start Redis or point REDIS_URL (the url option) at a running server';
    throw new StateError('STORE_UNAVAILABLE', `Cannot connect to ${resolved.target} (${reason}); ${fix}.`, {
      cause: error,
    });
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

/**
 * A cluster client whose node connections behave like {@link makeClient}'s (no offline queue,
 * capped backoff) and that asks the other nodes for the topology once a node has failed to
 * reconnect for `topologyRefreshDelay` (a failover promoted its replica). The subscriber only
 * connects to the nodes its sharded channels live on.
 */
export function makeCluster(options: ResolvedRedisStateManagerOptions, subscriber: boolean): AnyRedisCluster {
  const { rootNodes, topologyRefreshDelay } = options.cluster ?? { rootNodes: [], topologyRefreshDelay: 1_000 };
  const first = new URL(rootNodes[0] ?? 'redis://127.0.0.1:6379');
  const cluster = createCluster({
    rootNodes: rootNodes.map((url) => ({ url })),
    minimizeConnections: subscriber,
    topologyRefreshOnReconnectionAttemptStrategy: topologyRefreshDelay,
    defaults: {
      username: first.username ? decodeURIComponent(first.username) : undefined,
      password: first.password ? decodeURIComponent(first.password) : undefined,
      disableOfflineQueue: true,
      socket: {
        tls: first.protocol === 'rediss:' ? true : undefined,
        connectTimeout: options.commandTimeout,
        reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1_000),
      } as never,
    },
  });
  return cluster as unknown as AnyRedisCluster;
}

/** Reports a lost and a restored connection once each, not every failed reconnect attempt. */
function watch(client: AnyRedisClient | AnyRedisCluster, role: string, logger: Logger): void {
  let healthy = true;
  const cluster = 'masters' in client;
  client.on(cluster ? 'node-error' : 'error', (error: unknown) => {
    if (!healthy) return;
    healthy = false;
    logger.warn(`Redis ${role} connection lost; reconnecting`, { error });
  });
  // The cluster client re-emits node errors as 'error' too: an unhandled one would end the process.
  if (cluster) client.on('error', () => {});
  client.on(cluster ? 'node-ready' : 'ready', () => {
    if (healthy) return;
    healthy = true;
    logger.info(`Redis ${role} connection restored`);
  });
}
