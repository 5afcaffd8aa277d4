import { type LockOptions, StateError, type StateLease, type StateManager, type TokenDoc } from '@core/state';
import type { LockWaiters } from './lockWaiters.js';
import type { RedisLockStore } from './redisLockStore.js';
import type { AnyRedisClient } from './redisStateManagerOptions.js';

/** What {@link createRedisStateManager} hands to the manager: connected parts and who owns them. */
export interface RedisStateManagerParts {
  store: RedisLockStore;
  waiters: LockWaiters;
  /** The connections to close on `close()`: the subscriber, and the command client if it was made here. */
  owned: AnyRedisClient[];
}

/**
 * Keeps every token's state in Redis, shared by every process that points at the same Redis:
 * a JSON document per token under `<keyPrefix>state:<token>`, expiring after `tokenExpiration`
 * without use, and a lock per token (`SET NX PX` with an owner id unique to each lease).
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
 * - **Connections**: exactly two — one command connection (node-redis pipelines concurrent
 *   commands on it, so a pool would add sockets without removing round trips) and one subscriber.
 *
 * Create it with {@link createRedisStateManager}, which connects first.
 */
export class RedisStateManager implements StateManager {
  readonly #store: RedisLockStore;
  readonly #waiters: LockWaiters;
  readonly #owned: AnyRedisClient[];
  #closed = false;

  /** Use {@link createRedisStateManager}; this takes parts that are already connected. */
  constructor(parts: RedisStateManagerParts) {
    this.#store = parts.store;
    this.#waiters = parts.waiters;
    this.#owned = parts.owned;
  }

  async get(token: string): Promise<TokenDoc | undefined> {
    this.#checkOpen();
    const json = await this.#store.get(token);
    return json === undefined ? undefined : (JSON.parse(json) as TokenDoc);
  }

  lock(token: string, options: LockOptions = {}): Promise<StateLease> {
    return this.#waiters.lock(token, options.signal);
  }

  async delete(token: string): Promise<void> {
    this.#checkOpen();
    await this.#store.delete(token);
  }

  /**
   * Rejects pending `lock()` calls (code `APP_CLOSED`), stops renewals and closes the connections
   * this manager opened. Locks still held lapse after their lease.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#waiters.close(closedError('lock'));
    await Promise.all(
      this.#owned.map(async (client) => {
        if (client.isOpen) await client.close();
        else client.destroy();
      }),
    );
  }

  #checkOpen(): void {
    if (this.#closed) throw closedError('use');
  }
}

function closedError(action: string): StateError {
  return new StateError('APP_CLOSED', `Cannot ${action} a token: the Redis state manager was closed.`);
}
