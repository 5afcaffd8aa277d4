import { randomUUID } from 'node:crypto';
import { StateError } from '@core/state';
import type { TokenDoc } from '@core/state/internal';
import type { StateLease } from '@core/state/types';
import type { CachedDoc, DocCache } from './docCache.js';
import { RedisLease } from './redisLease.js';
import type { AcquireResult, RedisLockStore } from './redisLockStore.js';
import type { ResolvedRedisStateManagerOptions } from './redisStateManagerOptions.js';

interface Waiter {
  resolve(lease: StateLease): void;
  reject(error: unknown): void;
}

/** One token's local waiters, first come first served, and the state of its lock attempts. */
interface TokenWaiters {
  readonly list: Waiter[];
  /** An ACQUIRE is in flight; only one at a time, for the head of the list. */
  attempting: boolean;
  /** A wake-up came while an attempt was in flight: try again at once if it fails. */
  again: boolean;
  /** The periodic re-check, the safety net behind wake-ups. */
  recheck: NodeJS.Timeout | undefined;
}

/**
 * This process's side of the token locks: per token, a FIFO of waiters of which only the head
 * tries to take the lock in Redis; the next becomes head once it got it. The head tries at once
 * (unless a lease of this process holds the token), when a pub/sub wake-up names the token, when a
 * local lease ends, and every `recheckInterval` as a safety net.
 *
 * A release may keep the lock for `lockLinger` ms when no other process waits: the next local
 * waiter of the token then takes it with no round trip (and the document from the cache). A kept
 * lock is let go when the linger ends, or at once when another process asks for it (`wanted`).
 */
export class LockWaiters {
  readonly #store: RedisLockStore;
  readonly #cache: DocCache;
  readonly #options: ResolvedRedisStateManagerOptions;
  readonly #queues = new Map<string, TokenWaiters>();
  /** The live leases of this process, by token. */
  readonly #holds = new Map<string, RedisLease>();
  /** Locks kept after a release, by token: the owner id they still hold, and the linger timer. */
  readonly #kept = new Map<string, { owner: string; timer: NodeJS.Timeout }>();
  readonly #ownerPrefix = randomUUID();
  #ownerCount = 0;
  #closed: StateError | undefined;

  constructor(store: RedisLockStore, options: ResolvedRedisStateManagerOptions, cache: DocCache) {
    this.#store = store;
    this.#cache = cache;
    this.#options = options;
  }

  /** Queues for the token's lock; resolves with the lease. */
  lock(token: string, signal: AbortSignal | undefined): Promise<StateLease> {
    if (this.#closed) return Promise.reject(this.#closed);
    if (signal?.aborted) return Promise.reject(signal.reason);
    let queue = this.#queues.get(token);
    if (!queue) {
      queue = { list: [], attempting: false, again: false, recheck: undefined };
      this.#queues.set(token, queue);
    }
    const waiters = queue;
    return new Promise<StateLease>((resolve, reject) => {
      const onAbort = () => {
        const index = waiters.list.indexOf(waiter);
        if (index >= 0) waiters.list.splice(index, 1);
        this.#tidy(token, waiters);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        resolve: (lease) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(lease);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiters.list.push(waiter);
      if (waiters.list.length > 1) return;
      if (this.#kept.has(token)) {
        this.#reuse(token, waiters);
        return;
      }
      waiters.recheck ??= setInterval(() => void this.#attempt(token, waiters), this.#options.recheckInterval);
      waiters.recheck.unref();
      if (!this.#holds.has(token)) void this.#attempt(token, waiters);
    });
  }

  /**
   * The lock of `token` at once, when this process keeps it from its last lease (`lockLinger`)
   * with its document cached and nobody here waits: no round trip, no promise. Undefined
   * otherwise (then `lock`).
   */
  tryLock(token: string): StateLease | undefined {
    if (this.#closed || (this.#queues.get(token)?.list.length ?? 0) > 0) return undefined;
    const kept = this.#kept.get(token);
    const cached = this.#cache.get(token);
    if (!kept || !cached) return undefined;
    this.#kept.delete(token);
    clearTimeout(kept.timer);
    let lease: StateLease | undefined;
    this.#hand(token, { resolve: (given) => void (lease = given), reject: () => {} }, kept.owner, cached.doc);
    return lease;
  }

  /** The lock of `token` may be free (a release was published): let the head try. */
  wake(token: string): void {
    const queue = this.#queues.get(token);
    if (queue && queue.list.length > 0) void this.#attempt(token, queue);
  }

  /** Another process waits for `token`: let go of a lock kept idle for it. */
  wanted(token: string): void {
    if (this.#kept.has(token)) this.#letGo(token);
  }

  /** Wakes every head, e.g. after the subscriber reconnected and may have missed messages. */
  wakeAll(): void {
    for (const token of this.#queues.keys()) this.wake(token);
  }

  /** Rejects every waiter with `error`, stops every timer, and refuses later calls. */
  close(error: StateError): void {
    this.#closed = error;
    for (const [token, queue] of this.#queues) this.#fail(token, queue, error);
    for (const lease of this.#holds.values()) lease.stopRenewal();
    this.#holds.clear();
    for (const token of [...this.#kept.keys()]) this.#letGo(token);
  }

  async #attempt(token: string, queue: TokenWaiters): Promise<void> {
    if (queue.attempting) {
      queue.again = true;
      return;
    }
    queue.attempting = true;
    try {
      do {
        queue.again = false;
        const owner = `${this.#ownerPrefix}:${++this.#ownerCount}`;
        const cached = this.#cache.get(token);
        const result = await this.#store.acquire(token, owner, cached?.version);
        if (result.acquired) {
          const loaded =
            result.found === 'doc'
              ? await this.#store.collectionCache.readWritten(token, result.fields, result.version, this.#cache)
              : undefined;
          this.#grant(token, queue, owner, result, cached, loaded);
          return;
        }
      } while (queue.again && queue.list.length > 0 && !this.#closed);
    } catch (error) {
      // Redis is unreachable: every waiter of the token fails now rather than hanging.
      this.#fail(token, queue, error);
    } finally {
      queue.attempting = false;
      this.#tidy(token, queue);
    }
  }

  #grant(
    token: string,
    queue: TokenWaiters,
    owner: string,
    result: Exclude<AcquireResult, { acquired: false }>,
    cached: CachedDoc | undefined,
    loaded: TokenDoc | Error | undefined,
  ): void {
    const waiter = this.#closed ? undefined : queue.list.shift();
    let doc: TokenDoc | undefined;
    try {
      if (result.found === 'same' && cached) {
        doc = cached.doc; // this process made the last write: nothing to load
      } else if (result.found === 'doc') {
        if (loaded instanceof Error) throw loaded;
        doc = loaded; // cached by the fill
      } else {
        this.#cache.delete(token);
      }
    } catch (cause) {
      this.#unlock(token, owner);
      const message = `The state of token "${token}" in Redis is not valid JSON; delete it with manager.delete(token).`;
      waiter?.reject(new StateError('STORE_UNAVAILABLE', message, { cause }));
      return;
    }
    // The head gave up (abort, close) while its attempt was in flight: hand the lock back.
    if (!waiter) {
      this.#unlock(token, owner);
      return;
    }
    this.#hand(token, waiter, owner, doc);
  }

  /** Gives `waiter` a lease on a lock taken (or kept) under `owner`. */
  #hand(token: string, waiter: Waiter, owner: string, doc: TokenDoc | undefined): RedisLease {
    const lease = new RedisLease(
      token,
      doc,
      owner,
      this.#store,
      this.#cache,
      this.#options.lockLease / 3,
      this.#keepPx(),
      (ended, kept) => this.#leaseEnded(ended, kept),
      this.#options.replayLog,
    );
    this.#holds.set(token, lease);
    waiter.resolve(lease);
    return lease;
  }

  #leaseEnded(lease: RedisLease, kept: boolean): void {
    if (this.#holds.get(lease.token) !== lease) return;
    this.#holds.delete(lease.token);
    if (!kept || this.#closed) {
      if (kept) this.#unlock(lease.token, lease.owner);
      this.wake(lease.token);
      return;
    }
    const timer = setTimeout(() => this.#letGo(lease.token), this.#options.lockLinger);
    timer.unref();
    this.#kept.set(lease.token, { owner: lease.owner, timer });
    const queue = this.#queues.get(lease.token);
    if (queue && queue.list.length > 0) this.#reuse(lease.token, queue);
  }

  /** Hands a kept lock to the head waiter: no round trip, the document from the cache. */
  #reuse(token: string, queue: TokenWaiters): void {
    const kept = this.#kept.get(token);
    const cached = this.#cache.get(token);
    const waiter = queue.list[0];
    if (!kept || !waiter) return;
    this.#kept.delete(token);
    clearTimeout(kept.timer);
    if (!cached) {
      // Evicted from the cache: give the lock back and take it the usual way.
      this.#unlock(token, kept.owner);
      void this.#attempt(token, queue);
      return;
    }
    queue.list.shift();
    this.#tidy(token, queue);
    // The kept lock still has (nearly) the full lease: a reused lease is as safe from a stall as
    // a fresh one, and its regular renewal keeps it so.
    this.#hand(token, waiter, kept.owner, cached.doc);
  }

  /**
   * How long a kept lock lives in Redis (0: locks are not kept): the full lease, so the lease that
   * takes it up again holds as long as a freshly taken one and a handler that stalls past a second
   * is not fenced. Another process that asks gets it at once (`wanted`); if this process dies
   * while keeping it, others wait for the lease to lapse, as for a lock held by a handler.
   */
  #keepPx(): number {
    const { lockLease, lockLinger } = this.#options;
    return lockLinger > 0 ? lockLease : 0;
  }

  /** Releases a kept lock (its linger ended, another process wants it, or the manager closes). */
  #letGo(token: string): void {
    const kept = this.#kept.get(token);
    if (!kept) return;
    this.#kept.delete(token);
    clearTimeout(kept.timer);
    this.#unlock(token, kept.owner);
  }

  #unlock(token: string, owner: string): void {
    this.#store.release(token, owner, undefined, 0).catch((error) => {
      this.#options.logger.warn('Handing back an unused Redis lock failed; it expires with its lease', {
        token,
        error,
      });
    });
  }

  #fail(token: string, queue: TokenWaiters, error: unknown): void {
    for (const waiter of queue.list.splice(0)) waiter.reject(error);
    this.#tidy(token, queue);
  }

  /** Forgets a queue with no waiters once its attempt is over; stops its re-check. */
  #tidy(token: string, queue: TokenWaiters): void {
    if (queue.list.length > 0) return;
    clearInterval(queue.recheck);
    queue.recheck = undefined;
    if (!queue.attempting && this.#queues.get(token) === queue) this.#queues.delete(token);
  }
}
