import { type Logger, silentLogger } from '@core/state';
import { type ReplayLogOptions, type ResolvedReplayLogOptions, resolveReplayLogOptions } from '@core/state/internal';
import type { RedisClientType, RedisClusterType } from 'redis';

/** Any node-redis client, whatever modules, scripts, protocol or type mapping it was created with. */
export type AnyRedisClient = RedisClientType<any, any, any, any, any>;

/** Any node-redis cluster client (`createCluster`). */
export type AnyRedisCluster = RedisClusterType<any, any, any, any, any>;

/** Where a Redis Cluster is: see {@link RedisStateManagerOptions.cluster}. */
export interface RedisClusterConnectionOptions {
  /**
   * Some nodes of the cluster, from which the client discovers the rest: `'host:port'` or
   * `'redis://[user:password@]host:port'` (credentials and TLS of the first apply to every node).
   * @example ['10.0.0.1:6379', '10.0.0.2:6379', '10.0.0.3:6379']
   */
  rootNodes: readonly string[];
  /**
   * Milliseconds a node may keep failing to reconnect before the client asks the others for the
   * new topology (after a failover, the replica that took over).
   * @default 1_000
   */
  topologyRefreshDelay?: number;
}

/** Options of {@link createRedisStateManager}. */
export interface RedisStateManagerOptions {
  /**
   * Where Redis listens. Ignored when `client` is given.
   * @default process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
   */
  url?: string;
  /**
   * An existing node-redis client to send commands on, instead of one made from `url`. The manager
   * connects it if needed, duplicates it once for its pub/sub subscription, and leaves it open on
   * `close()` (the duplicate is closed). Create it with `disableOfflineQueue: true` so commands
   * fail at once while it reconnects; the manager also refuses to send while it is not ready.
   */
  client?: AnyRedisClient;
  /**
   * Use a Redis Cluster (or a managed Redis in cluster mode) through node-redis's cluster client,
   * instead of `url` / `client`. Every key of a token carries the token as its hash tag, so each
   * Lua script touches one slot; wake-ups use sharded pub/sub (`SPUBLISH`, Redis >= 7), so a
   * message goes to one shard, not to every node.
   * @example { rootNodes: process.env.REDIS_CLUSTER_NODES.split(',') }
   */
  cluster?: RedisClusterConnectionOptions;
  /**
   * Prefix of every key and of the pub/sub channels, so several apps can share one Redis. Keys are
   * `<prefix>state:{<token>}`, `<prefix>lock:{<token>}`, `<prefix>waiting:{<token>}` (the braces
   * are the Redis Cluster hash tag); the channels are `<prefix>released` and `<prefix>wanted`
   * (in cluster mode sixteen sharded channels each, `<prefix>released:{0}` … `{15}`). It may not
   * contain `{` or `}`.
   * @default 'core:'
   */
  keyPrefix?: string;
  /**
   * Milliseconds a lock lives in Redis without renewal. The holder renews it every third of this
   * while it works, so it only lapses when the holder's process stalls or loses Redis.
   * @default 10_000
   */
  lockLease?: number;
  /**
   * Forget a document — a tab's state, a session's, a room's — after this many milliseconds
   * without use (lock, save or release). The server keeps the documents its connected pages show
   * from expiring (`touchInterval`).
   * @default 3_600_000 (one hour)
   */
  tokenExpiration?: number;
  /**
   * Forget the app-wide document (the states with `scope: 'app'`) after this many milliseconds
   * without use. Unset, it never expires.
   * @default undefined (never)
   */
  appExpiration?: number;
  /**
   * Milliseconds between re-tries of a waiting lock, the safety net behind pub/sub wake-ups (a lost
   * message, a holder that died and left its lock to expire).
   * @default Math.min(lockLease / 4, 250)
   */
  recheckInterval?: number;
  /**
   * Milliseconds after which a command without an answer fails with `STORE_UNAVAILABLE` (a Redis
   * that hangs rather than closing the connection).
   * @default 5_000
   */
  commandTimeout?: number;
  /** Where connection losses and background failures are reported. @default silentLogger */
  logger?: Logger;
  /**
   * Milliseconds a released lock stays with this process when no other process waits for it, so
   * the token's next event here takes it without a round trip. Another process asking for it gets
   * it at once (it publishes on the `wanted` channel). 0 releases at once.
   * @default 20
   */
  lockLinger?: number;
  /**
   * Milliseconds after its last renewal at which a process running background tasks counts as dead:
   * its tasks vanish from `ctx.tasks` then, and a surviving process runs their `onTaskEnd` (or
   * resumes them) at its next renewal, a third of this later at most. Each process renews every
   * third of it.
   * @default 3_000
   */
  taskLease?: number;
  /**
   * After every write, wait until this many replicas of the token's master have it (Redis `WAIT`,
   * at most `commandTimeout`) before the step counts as committed. Replication is asynchronous:
   * with 0, a master that dies right after answering can take its last writes with it when its
   * replica takes over. With 1 (one replica per master), an acknowledged event survives the
   * failover; each commit costs one more round trip plus the replica's delay. Fewer replicas in
   * time fail the step with `STORE_UNAVAILABLE` (its write may still stand on the master).
   * @default 0
   */
  replicaAcks?: number;
  /**
   * How many tokens' documents this process keeps after releasing their lock: taking the lock of
   * one again loads nothing when no other process wrote it since. 0 turns the cache off.
   * @default 1_000
   */
  cacheSize?: number;
  /**
   * Bounds of each token's log of recent updates (a Redis list beside the document, written by the
   * same script), from which any process replays what a reconnecting page missed instead of
   * sending a full hydrate; `false` keeps none.
   * @default { updates: 256, bytes: 262_144 }
   */
  replayLog?: ReplayLogOptions | false;
}

/** {@link RedisStateManagerOptions} with every default applied. */
export interface ResolvedRedisStateManagerOptions {
  url: string;
  client: AnyRedisClient | undefined;
  /** The cluster's root nodes as URLs, or undefined for a single Redis. */
  cluster: { rootNodes: string[]; topologyRefreshDelay: number } | undefined;
  keyPrefix: string;
  lockLease: number;
  tokenExpiration: number;
  /** 0: the app-wide document never expires. */
  appExpiration: number;
  recheckInterval: number;
  commandTimeout: number;
  logger: Logger;
  cacheSize: number;
  lockLinger: number;
  replayLog: ResolvedReplayLogOptions;
  taskLease: number;
  replicaAcks: number;
  /** Where Redis is, for error messages: the URL without credentials, or "the given client". */
  target: string;
}

/** Applies the defaults and checks the numbers. */
export function resolveRedisStateManagerOptions(
  options: RedisStateManagerOptions = {},
): ResolvedRedisStateManagerOptions {
  const url = options.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const lockLease = positive('lockLease', options.lockLease ?? 10_000);
  const keyPrefix = options.keyPrefix ?? 'core:';
  if (/[{}]/.test(keyPrefix)) {
    throw new RangeError(
      `[core/server] The "keyPrefix" option may not contain "{" or "}" (they mark the token's hash tag), got "${keyPrefix}".`,
    );
  }
  const cluster = options.cluster && resolveCluster(options.cluster);
  if (cluster && options.client) {
    throw new RangeError('[core/server] Give either the "client" option or the "cluster" option, not both.');
  }
  return {
    url,
    client: options.client,
    cluster,
    keyPrefix,
    lockLease,
    tokenExpiration: positive('tokenExpiration', options.tokenExpiration ?? 3_600_000),
    appExpiration: options.appExpiration === undefined ? 0 : positive('appExpiration', options.appExpiration),
    recheckInterval: positive('recheckInterval', options.recheckInterval ?? Math.max(1, Math.min(lockLease / 4, 250))),
    commandTimeout: positive('commandTimeout', options.commandTimeout ?? 5_000),
    logger: options.logger ?? silentLogger,
    cacheSize: Math.max(0, Math.floor(options.cacheSize ?? 1_000)),
    lockLinger: Math.max(0, Math.floor(options.lockLinger ?? 20)),
    replayLog: resolveReplayLogOptions(options.replayLog),
    taskLease: positive('taskLease', options.taskLease ?? 3_000),
    replicaAcks: Math.max(0, Math.floor(options.replicaAcks ?? 0)),
    target: cluster
      ? `the Redis Cluster at ${cluster.rootNodes.map(withoutCredentials).join(', ')}`
      : options.client
        ? 'Redis (the client passed in the options)'
        : `Redis at ${withoutCredentials(url)}`,
  };
}

/** The root nodes as URLs (`host:port` becomes `redis://host:port`); refuses an empty or malformed list. */
function resolveCluster(
  options: RedisClusterConnectionOptions,
): NonNullable<ResolvedRedisStateManagerOptions['cluster']> {
  const rootNodes = options.rootNodes.map((node) => node.trim()).filter(Boolean);
  if (rootNodes.length === 0) {
    throw new RangeError('[core/server] The "cluster.rootNodes" option needs at least one "host:port" of the cluster.');
  }
  const urls = rootNodes.map((node) => {
    const url = node.includes('://') ? node : `redis://${node}`;
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {}
    if (!parsed?.hostname || !parsed.port) {
      throw new RangeError(
        `[core/server] The Redis Cluster node "${node}" is not "host:port" or "redis://host:port"; list nodes as 10.0.0.1:6379,10.0.0.2:6379.`,
      );
    }
    return url;
  });
  const topologyRefreshDelay = positive('cluster.topologyRefreshDelay', options.topologyRefreshDelay ?? 1_000);
  return { rootNodes: urls, topologyRefreshDelay };
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 1) {
    throw new RangeError(`[core/server] The "${name}" option must be a number of milliseconds >= 1, got ${value}.`);
  }
  return Math.round(value);
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'the configured URL';
  }
}
