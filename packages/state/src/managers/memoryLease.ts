import { StateError } from '../errors.js';
import type { StateUpdate } from '../protocol.js';
import type { TokenDoc } from '../scopes/index.js';
import type { ReplayLog } from './replayLog.js';
import type { StateLease } from './stateManager.js';

/** One token's stored document, its replay log and its lock. */
export interface MemoryEntry {
  doc: TokenDoc | undefined;
  touched: number;
  /** Milliseconds without use after which it is forgotten (`Infinity`: never). */
  readonly expiration: number;
  /** The token's recent updates; created by the first write that carries some. */
  log: ReplayLog | undefined;
  /** Present while the lock is held: the waiters, first come first served. */
  waiters: Array<(lease: StateLease) => void> | undefined;
}

/** What a {@link MemoryLease} asks of its manager. */
export interface LeaseHost {
  store(entry: MemoryEntry, doc: TokenDoc | undefined, updates: readonly StateUpdate[] | undefined): void;
  /** Hands the lock to the next waiter, or frees it. */
  pass(token: string, entry: MemoryEntry): void;
}

/** A held lock of the memory manager: stores and releases at once (no promise). */
export class MemoryLease implements StateLease {
  readonly token: string;
  readonly doc: TokenDoc | undefined;
  readonly #manager: LeaseHost;
  readonly #entry: MemoryEntry;
  #released = false;

  constructor(manager: LeaseHost, token: string, entry: MemoryEntry) {
    this.#manager = manager;
    this.token = token;
    this.#entry = entry;
    this.doc = entry.doc;
  }

  save(doc: TokenDoc, updates?: readonly StateUpdate[]): void | Promise<void> {
    if (this.#released) return this.#refuse('save');
    this.#manager.store(this.#entry, doc, updates);
  }

  release(doc?: TokenDoc, updates?: readonly StateUpdate[]): void | Promise<void> {
    if (this.#released) return this.#refuse('release');
    this.#released = true;
    this.#manager.store(this.#entry, doc, updates);
    this.#manager.pass(this.token, this.#entry);
  }

  /** A lease used after its release: refused like a lost lease (`LOCK_EXPIRED`), as a rejection. */
  #refuse(action: string): Promise<never> {
    return Promise.reject(
      new StateError('LOCK_EXPIRED', `Cannot ${action} token "${this.token}": its lease was already released.`),
    );
  }
}
