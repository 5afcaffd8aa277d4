import { LockExpiredError, StateError } from '@core/state';
import type { ResolvedReplayLogOptions, TokenDoc } from '@core/state/internal';
import type { StateLease, StateUpdate } from '@core/state/types';
import { encodeCollectionWrites } from './collectionCodec.js';
import type { DocCache } from './docCache.js';
import type { DocWrite } from './docCodec.js';
import { encodeChanges, encodeLogAppend } from './docCodec.js';
import type { RedisLockStore } from './redisLockStore.js';

let writes = 0;

/**
 * Told when a lease stops holding its lock: released (after the round trip), kept idle for this
 * process's next event of the token (`kept`), or found lost.
 */
export type LeaseEndListener = (lease: RedisLease, kept: boolean) => void;

/**
 * One hold of a token's lock in Redis, identified by an owner id unique to this lease. While held,
 * a timer renews the lock every third of the lease; if a renewal finds the lock gone (the process
 * stalled past the lease, or Redis failed over) the lease is lost and every later write is refused
 * with `LockExpiredError`. The Lua scripts check the owner too, so a write that races the loss is
 * fenced off by Redis itself.
 */
export class RedisLease implements StateLease {
  readonly token: string;
  readonly doc: TokenDoc | undefined;
  readonly #owner: string;
  readonly #keepMs: number;
  readonly #replayLog: ResolvedReplayLogOptions;
  readonly #store: RedisLockStore;
  readonly #cache: DocCache;
  /** What Redis holds now (the loaded document, then each saved one): the base of the next diff. */
  #stored: TokenDoc | undefined;
  readonly #onEnd: LeaseEndListener;
  #state: 'held' | 'lost' | 'released' = 'held';
  #renewal: NodeJS.Timeout | undefined;
  #renewing = false;

  constructor(
    token: string,
    doc: TokenDoc | undefined,
    owner: string,
    store: RedisLockStore,
    cache: DocCache,
    renewEvery: number,
    keepMs: number,
    onEnd: LeaseEndListener,
    replayLog: ResolvedReplayLogOptions,
  ) {
    this.#keepMs = keepMs;
    this.#replayLog = replayLog;
    this.token = token;
    this.doc = doc;
    this.#stored = doc;
    this.#owner = owner;
    this.#store = store;
    this.#cache = cache;
    this.#onEnd = onEnd;
    this.#renewal = setInterval(() => void this.#renew(), renewEvery);
    this.#renewal.unref();
  }

  /** The owner id the lock holds while this lease has it (a kept lock is reused under it). */
  get owner(): string {
    return this.#owner;
  }

  /** True until the lease is released or found lost. */
  get held(): boolean {
    return this.#state === 'held';
  }

  async save(doc: TokenDoc, updates?: readonly StateUpdate[]): Promise<void> {
    const write = this.#write(doc, updates);
    this.#check('save');
    if (!(await this.#store.save(this.token, this.#owner, write))) {
      this.#cache.delete(this.token);
      this.#lose();
      throw new LockExpiredError(this.token);
    }
    this.#stored = doc;
    this.#cache.set(this.token, { version: write.version, doc });
  }

  async release(doc?: TokenDoc, updates?: readonly StateUpdate[]): Promise<void> {
    this.#check('release');
    this.#state = 'released';
    this.stopRenewal();
    // Encode after the lease is marked released: a document that cannot be encoded must not leave
    // the lock renewed forever. The lock is then released without the write, and the error stands.
    let write: DocWrite | undefined;
    let encodeError: unknown;
    try {
      write = doc === undefined ? undefined : this.#write(doc, updates);
    } catch (error) {
      encodeError = error;
    }
    let outcome: 'released' | 'kept' | 'fenced' = 'fenced';
    try {
      outcome = await this.#store.release(this.token, this.#owner, write, this.#keepMs);
      // The cache first: a kept lock goes to the next local waiter with the cached document.
      if (outcome === 'fenced') this.#cache.delete(this.token);
      else if (doc && write) this.#cache.set(this.token, { version: write.version, doc });
    } finally {
      this.#onEnd(this, outcome === 'kept');
    }
    if (encodeError !== undefined) throw encodeError;
    if (outcome === 'fenced') throw new LockExpiredError(this.token);
  }

  /**
   * The changes from what Redis holds to `doc`, under a version id unique to this write. The
   * counter is per process, not per lease: a kept lock is reused by a new lease with the same owner
   * id, and a repeated version would let another process trust a stale cached document.
   */
  #write(doc: TokenDoc, updates: readonly StateUpdate[] | undefined): DocWrite {
    return {
      version: `${this.#owner}:${++writes}`,
      changes: encodeChanges(this.#stored, doc),
      log: encodeLogAppend(this.#stored, doc, updates, this.#replayLog),
      collections: encodeCollectionWrites(this.#stored, doc, updates),
    };
  }

  /** Stops renewing (on release, loss, or when the manager closes). */
  stopRenewal(): void {
    clearInterval(this.#renewal);
    this.#renewal = undefined;
  }

  #check(action: 'save' | 'release'): void {
    if (this.#state === 'lost') {
      // Lost for good: release() ends the lease, so a second call reports "already released".
      if (action === 'release') this.#state = 'released';
      throw new LockExpiredError(this.token);
    }
    if (this.#state === 'released') {
      throw new StateError('LOCK_EXPIRED', `Cannot ${action} token "${this.token}": its lease was already released.`);
    }
  }

  #lose(): void {
    if (this.#state !== 'held') return;
    this.#state = 'lost';
    this.stopRenewal();
    this.#onEnd(this, false);
  }

  async #renew(): Promise<void> {
    if (this.#renewing || this.#state !== 'held') return;
    this.#renewing = true;
    try {
      if (!(await this.#store.renew(this.token, this.#owner))) this.#lose();
    } catch {
      // Redis unreachable: try again at the next tick. If it stays away past the lease, the lock
      // lapses and the owner check fences this holder's writes.
    } finally {
      this.#renewing = false;
    }
  }
}
