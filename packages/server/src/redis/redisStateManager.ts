import { StateError, type StateManager } from '@core/state';
import type { LockOptions, ReplayedUpdates, StateManagerHealth, TokenDoc } from '@core/state/internal';
import type { StateLease } from '@core/state/types';
import { connectRedisParts } from './connectRedisParts.js';
import type { DocCache } from './docCache.js';
import { decodeDoc, decodeReplay, VERSION_FIELD } from './docCodec.js';
import type { LockWaiters } from './lockWaiters.js';
import { RedisAppTaskLeases } from './redisAppTaskLeases.js';
import { redisHealth } from './redisHealth.js';
import type { RedisLockStore } from './redisLockStore.js';
import { RedisPresenceRegistry } from './redisPresenceRegistry.js';
import type { AnyRedisClient, AnyRedisCluster, RedisStateManagerOptions } from './redisStateManagerOptions.js';
import { RedisTaskRegistry } from './redisTaskRegistry.js';

/** What {@link createRedisStateManager} hands to the manager: connected parts and who owns them. */
export interface RedisStateManagerParts {
  store: RedisLockStore;
  /** The command connection (what a health check pings). */
  client: AnyRedisClient | AnyRedisCluster;
  waiters: LockWaiters;
  /** Documents this process read or wrote last, by token. */
  cache: DocCache;
  /** The connections to close on `close()`: the subscriber, and the command client if it was made here. */
  owned: (AnyRedisClient | AnyRedisCluster)[];
}

/**
 * Keeps every token's state in Redis, shared by every process that points at the same Redis:
 * a hash per token under `<keyPrefix>state:<token>` (metadata, one JSON field per state, the id
 * of the last write), expiring after `tokenExpiration` without use, and a lock per token
 * (`SET NX PX` with an owner id unique to each lease). A save writes only the states that changed;
 * a lock loads the document only when another process wrote since this one last did.
 *
 * - **Round trips**: `lock()` takes the lock and loads the document in one Lua script;
 *   `release(doc)` checks the owner, stores, unlocks and publishes a wake-up in another. An
 *   uncontended event costs two round trips.
 * - **Waiting**: waiters of this process queue first come first served; the head is woken through
 *   pub/sub when a holder releases (no polling, no keyspace notifications, so managed Redis works),
 *   with a periodic re-check as a safety net.
 * - **Renewal and fencing**: a held lock is renewed every third of `lockLease`; a holder that lost
 *   it anyway cannot write: `save`/`release` reject with `LockExpiredError` and the newer state stands.
 * - **Failures**: with Redis unreachable, calls reject at once with `STORE_UNAVAILABLE`; the client
 *   reconnects in the background and the manager works again when Redis is back.
 * - **Replay log**: each write also appends the updates it made to a bounded list beside the
 *   document (`<keyPrefix>log:<token>`, same script, so it never disagrees with the document);
 *   `updatesSince` reads it, so any process can send a reconnecting page what it missed.
 * - **Connections**: exactly two — one command connection (node-redis pipelines concurrent
 *   commands on it, so a pool would add sockets without removing round trips) and one subscriber.
 *
 * `new RedisStateManager(options)` connects lazily (the first call waits for it);
 * {@link createRedisStateManager} connects first and reports an unreachable Redis at once.
 */
export class RedisStateManager implements StateManager {
  /**
   * The processes running background tasks on these tokens (every process on this Redis and key
   * prefix): leases renewed every third of `taskLease`, cancels passed between processes, and the
   * tasks of a dead process handed to one survivor.
   */
  readonly taskRegistry: RedisTaskRegistry;
  /** Who is here, per scope key, on every process on this Redis; entries ride on the task leases. */
  readonly presenceRegistry: RedisPresenceRegistry;
  /** Which process on this Redis runs each app task; a task stays with its holder's task lease. */
  readonly appTaskLeases: RedisAppTaskLeases;
  #parts: RedisStateManagerParts | undefined;
  readonly #connecting: Promise<RedisStateManagerParts>;
  #closed = false;
  /** The last health probe: its answer (once settled) and when it started. */
  #health: { answer: Promise<StateManagerHealth>; at: number } | undefined;

  /** Takes options (connects on first use) or, internally, parts that are already connected. */
  constructor(options: RedisStateManagerOptions | RedisStateManagerParts = {}) {
    const store = async () => (this.#parts ?? (await this.#connecting)).store;
    this.taskRegistry = new RedisTaskRegistry(store);
    this.presenceRegistry = new RedisPresenceRegistry(store);
    this.appTaskLeases = new RedisAppTaskLeases(store);
    if ('store' in options && 'waiters' in options) {
      this.#parts = options;
      this.#connecting = Promise.resolve(options);
    } else {
      this.#connecting = connectRedisParts(options as RedisStateManagerOptions).then((parts) => {
        this.#parts = parts;
        if (this.#closed) void this.#closeParts(parts);
        return parts;
      });
      this.#connecting.catch(() => {}); // reported by the first call that waits for it
    }
  }

  /** Resolves once connected; rejects with `STORE_UNAVAILABLE` when Redis cannot be reached. */
  async ready(): Promise<void> {
    await this.#connecting;
  }

  async get(token: string): Promise<TokenDoc | undefined> {
    this.#checkOpen();
    const { store, cache } = this.#parts ?? (await this.#connecting);
    const fields = await store.get(token);
    const cached = cache.get(token);
    if (cached && fields[VERSION_FIELD] === cached.version) return cached.doc;
    const doc = decodeDoc(fields);
    if (!doc) return undefined;
    // Its collections from this process's copies when they can catch up (see CollectionCache).
    return store.collectionCache.fill(token, doc, fields[VERSION_FIELD] ?? '', cache);
  }

  tryLock(token: string): StateLease | undefined {
    return this.#parts?.waiters.tryLock(token);
  }

  lock(token: string, options: LockOptions = {}): Promise<StateLease> {
    if (this.#parts) return this.#parts.waiters.lock(token, options.signal);
    return this.#connecting.then((parts) => parts.waiters.lock(token, options.signal));
  }

  async delete(token: string): Promise<void> {
    this.#checkOpen();
    const { store, cache } = this.#parts ?? (await this.#connecting);
    cache.delete(token);
    await store.delete(token);
  }

  async updatesSince(token: string, epoch: string, seq: number): Promise<ReplayedUpdates | undefined> {
    this.#checkOpen();
    const { store } = this.#parts ?? (await this.#connecting);
    return decodeReplay(await store.replay(token, seq), epoch, seq);
  }

  async touch(tokens: readonly string[]): Promise<void> {
    if (tokens.length === 0) return;
    this.#checkOpen();
    const { store } = this.#parts ?? (await this.#connecting);
    await store.touch(tokens);
  }

  /**
   * Healthy when Redis answers `PING` (every master of a cluster) within 2 s. A lost connection is
   * seen at once (commands fail fast while it is down), a silent server after 2 s; once Redis is
   * back, the client reconnects within a second and the next probe is healthy. Probes are shared:
   * at most one starts per second, however often a health endpoint is asked.
   */
  health(): Promise<StateManagerHealth> {
    const now = Date.now();
    if (this.#health && now - this.#health.at < HEALTH_PROBE_INTERVAL) return this.#health.answer;
    const answer = this.#probe();
    this.#health = { answer, at: now };
    return answer;
  }

  async #probe(): Promise<StateManagerHealth> {
    if (this.#closed) return { ok: false, reason: 'The Redis state manager was closed.' };
    const parts = this.#parts;
    if (!parts) return { ok: false, reason: 'The state store (Redis) is not connected yet.' };
    return redisHealth(parts.client, HEALTH_PROBE_TIMEOUT);
  }

  /**
   * Rejects pending `lock()` calls (code `APP_CLOSED`), stops renewals and closes the connections
   * this manager opened. Locks still held lapse after their lease.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#parts) await this.#closeParts(this.#parts);
  }

  async #closeParts(parts: RedisStateManagerParts): Promise<void> {
    parts.waiters.close(closedError('lock'));
    await Promise.all(
      parts.owned.map(async (client) => {
        if (client.isOpen) await client.close();
        else client.destroy();
      }),
    );
  }

  #checkOpen(): void {
    if (this.#closed) throw closedError('use');
  }
}

/** How long a health probe waits for `PING`, and how long its answer is reused, in ms. */
const HEALTH_PROBE_TIMEOUT = 2_000;
const HEALTH_PROBE_INTERVAL = 1_000;

function closedError(action: string): StateError {
  return new StateError('APP_CLOSED', `Cannot ${action} a token: the Redis state manager was closed.`);
}
