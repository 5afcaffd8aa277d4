import type { StateUpdate } from '../protocol.js';
import type { TokenDoc } from '../scopes/index.js';
import type { ReplayedUpdates } from './replayLog.js';
import type { TaskRegistry } from './taskRegistry.js';

/** What `StateManager.health` answers: healthy, or not with a one-sentence reason. */
export type StateManagerHealth = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Options of `StateManager.lock`. */
export interface LockOptions {
  /** Gives up waiting when aborted (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
}

/**
 * A held lock on one token, with the token's document as it was when the lock was taken.
 * A lease is used by one holder at a time and ends with `release`.
 */
export interface StateLease {
  /** The token this lease locks. */
  readonly token: string;
  /** The stored document when the lock was taken; undefined for a token never saved. */
  readonly doc: TokenDoc | undefined;
  /**
   * Stores `doc` and keeps the lock (a generator's intermediate commit). Returns nothing when it
   * stored at once (a store in this process), else a promise. Fails with
   * `LockExpiredError` when the lease was lost meanwhile: the write is refused (fenced).
   * `updates` are the updates that lead from the stored document to `doc`, in `seq` order: a
   * manager with a replay log appends them in the same write (see `updatesSince`).
   */
  save(doc: TokenDoc, updates?: readonly StateUpdate[]): void | Promise<void>;
  /**
   * Stores `doc` when given, then releases the lock — in one round trip where the store allows;
   * at once (returning nothing) for a store in this process. Fails with `LockExpiredError` (and
   * stores nothing) when the lease was lost meanwhile.
   * `updates` as for `save`.
   */
  release(doc?: TokenDoc, updates?: readonly StateUpdate[]): void | Promise<void>;
}

/**
 * Where token state lives and how its lock is taken. The memory manager is the default; the Redis
 * manager (`@core/server/redis`) shares state and locks between processes. Both pass the
 * conformance suite in `@core/state/conformance`.
 */
export interface StateManager {
  /** The stored document without taking the lock (may be stale by the time it is read). */
  get(token: string): Promise<TokenDoc | undefined>;
  /**
   * Waits for the token's lock — waiters in this process are served first come, first served —
   * and resolves with the lease and the current document.
   */
  lock(token: string, options?: LockOptions): Promise<StateLease>;
  /**
   * The token's lock at once, when this process can grant it without waiting for anything (it is
   * free here); undefined otherwise (then call {@link lock}). Optional: the runner's fast path —
   * an uncontended event on the memory manager takes its lock without a promise.
   */
  tryLock?(token: string): StateLease | undefined;
  /** Forgets a token's state. */
  delete(token: string): Promise<void>;
  /**
   * Pushes back the expiry of these tokens' state (pages are connected to them, although idle),
   * so a page left open never finds its state gone. Optional for managers without expiry.
   */
  touch?(tokens: readonly string[]): Promise<void>;
  /**
   * The updates stored after `seq` of the document with this `epoch`, from the bounded log kept
   * beside the document (written with it, so every process sees the same log); undefined when the
   * log no longer holds them, the epoch differs or there is no document. Optional: without it,
   * every catch-up is a hydrate.
   */
  updatesSince?(token: string, epoch: string, seq: number): Promise<ReplayedUpdates | undefined>;
  /**
   * Whether the manager can reach its store now, for health checks (`GET /healthz`). Answers within
   * a few seconds and may cache its answer for about a second. Optional: a manager without it (the
   * memory manager) is always healthy.
   */
  health?(): Promise<StateManagerHealth>;
  /** Releases connections and timers. */
  close(): Promise<void>;
  /**
   * Where processes running background tasks renew their lease, for the tokens this manager stores
   * (task entries live in the token documents; see `TaskRegistry`). A manager shared by several
   * processes must share its registry too; without one, the app uses a registry of its own process.
   */
  readonly taskRegistry?: TaskRegistry;
}
