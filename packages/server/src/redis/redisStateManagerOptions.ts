import {
  type Logger,
  type ReplayLogOptions,
  type ResolvedReplayLogOptions,
  resolveReplayLogOptions,
  silentLogger,
} from '@core/state';
import type { RedisClientType } from 'redis';

/** Any node-redis client, whatever modules, scripts, protocol or type mapping it was created with. */
export type AnyRedisClient = RedisClientType<any, any, any, any, any>;

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
   * Prefix of every key and of the pub/sub channel, so several apps can share one Redis. Keys are
   * `<prefix>state:<token>`, `<prefix>lock:<token>`, `<prefix>waiting:<token>`; the channel is
   * `<prefix>released`.
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
   * Forget a token's state after this many milliseconds without use (lock, save or release).
   * @default 3_600_000 (one hour)
   */
  tokenExpiration?: number;
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
  keyPrefix: string;
  lockLease: number;
  tokenExpiration: number;
  recheckInterval: number;
  commandTimeout: number;
  logger: Logger;
  cacheSize: number;
  lockLinger: number;
  replayLog: ResolvedReplayLogOptions;
  /** Where Redis is, for error messages: the URL without credentials, or "the given client". */
  target: string;
}

/** Applies the defaults and checks the numbers. */
export function resolveRedisStateManagerOptions(
  options: RedisStateManagerOptions = {},
): ResolvedRedisStateManagerOptions {
  const url = options.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const lockLease = positive('lockLease', options.lockLease ?? 10_000);
  return {
    url,
    client: options.client,
    keyPrefix: options.keyPrefix ?? 'core:',
    lockLease,
    tokenExpiration: positive('tokenExpiration', options.tokenExpiration ?? 3_600_000),
    recheckInterval: positive('recheckInterval', options.recheckInterval ?? Math.max(1, Math.min(lockLease / 4, 250))),
    commandTimeout: positive('commandTimeout', options.commandTimeout ?? 5_000),
    logger: options.logger ?? silentLogger,
    cacheSize: Math.max(0, Math.floor(options.cacheSize ?? 1_000)),
    lockLinger: Math.max(0, Math.floor(options.lockLinger ?? 20)),
    replayLog: resolveReplayLogOptions(options.replayLog),
    target: options.client ? 'Redis (the client passed in the options)' : `Redis at ${withoutCredentials(url)}`,
  };
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
