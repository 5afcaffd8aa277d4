import {
  fromStoredCollection,
  isCollectionStore,
  isStoredCollection,
  mapCollectionVars,
  toStoredCollection,
} from '../collections/index.js';
import { StateError } from '../errors.js';
import type { StateUpdate } from '../protocol.js';
import { APP_KEY, type TokenDoc } from '../scopes/index.js';
import { MemoryAppTaskLeases } from './memoryAppTaskLeases.js';
import { type LeaseHost, type MemoryEntry, MemoryLease } from './memoryLease.js';
import { MemoryPresenceRegistry } from './memoryPresenceRegistry.js';
import { MemoryTaskRegistry } from './memoryTaskRegistry.js';
import {
  type ReplayedUpdates,
  ReplayLog,
  type ReplayLogOptions,
  type ResolvedReplayLogOptions,
  resolveReplayLogOptions,
} from './replayLog.js';
import type { LockOptions, StateLease, StateManager } from './stateManager.js';

/** Options of {@link MemoryStateManager}. */
export interface MemoryStateManagerOptions {
  /**
   * Forget a document — a tab's state, a session's, a room's — after this many milliseconds
   * without use. A server keeps the documents its connected pages show from expiring.
   * @default 3_600_000 (one hour)
   */
  tokenExpiration?: number;
  /**
   * Forget the app-wide document (the states with `scope: 'app'`) after this many milliseconds
   * without use. Unset, it is kept for as long as the process runs.
   * @default undefined (never)
   */
  appExpiration?: number;
  /** The clock, in milliseconds. @default Date.now */
  now?: () => number;
  /**
   * Bounds of each token's log of recent updates, which lets a page that missed a few catch up
   * without a full hydrate; `false` keeps none.
   * @default { updates: 256, bytes: 262_144 }
   */
  replayLog?: ReplayLogOptions | false;
  /**
   * Milliseconds after its last renewal at which an app sharing this manager counts as a dead
   * process (its tasks end, its presence entries leave, its app tasks move).
   * @default 3_000
   */
  taskLease?: number;
}

/** What {@link MemoryStateManager.export} returns: plain, JSON-serialisable data. */
export interface MemoryStateSnapshot {
  readonly version: 1;
  readonly tokens: Readonly<Record<string, { readonly doc: TokenDoc; readonly touched: number }>>;
}

/**
 * Keeps every token's state in this process's memory: the default, nothing to install. Documents
 * are stored by reference (they are immutable), so a commit costs no copy or serialisation.
 */
export class MemoryStateManager implements StateManager {
  /** The processes running tasks on these tokens: the apps sharing this manager. */
  readonly taskRegistry: MemoryTaskRegistry;
  /** Who is here, per scope key, for the apps sharing this manager. */
  readonly presenceRegistry = new MemoryPresenceRegistry();
  /** Which of the apps sharing this manager runs each app task. */
  readonly appTaskLeases = new MemoryAppTaskLeases();
  readonly #entries = new Map<string, MemoryEntry>();
  readonly #expiration: number;
  readonly #appExpiration: number;
  readonly #now: () => number;
  readonly #logLimits: ResolvedReplayLogOptions;
  #lastSweep: number;
  /** What a lease calls to store and release (one object for every lease). */
  readonly #leases: LeaseHost = {
    store: (entry, doc, updates) => {
      if (doc) this.#store(entry, doc, updates);
      entry.touched = this.#now();
    },
    pass: (token, entry) => {
      const next = entry.waiters?.shift();
      if (next) next(new MemoryLease(this.#leases, token, entry));
      else entry.waiters = undefined;
    },
  };

  constructor(options: MemoryStateManagerOptions = {}) {
    this.#expiration = options.tokenExpiration ?? 3_600_000;
    this.#appExpiration = options.appExpiration ?? Number.POSITIVE_INFINITY;
    this.#now = options.now ?? Date.now;
    this.#logLimits = resolveReplayLogOptions(options.replayLog);
    this.#lastSweep = this.#now();
    this.taskRegistry = new MemoryTaskRegistry({ now: this.#now, lease: options.taskLease });
  }

  async get(token: string): Promise<TokenDoc | undefined> {
    const entry = this.#entries.get(token);
    if (!entry || this.#isExpired(entry)) return undefined;
    return entry.doc;
  }

  tryLock(token: string): StateLease | undefined {
    return this.#take(token);
  }

  /** The lease of a free token (its lock taken now); undefined while another holder has it. */
  #take(token: string): StateLease | undefined {
    const entry = this.#entry(token);
    if (entry.waiters !== undefined) return undefined;
    entry.waiters = [];
    return new MemoryLease(this.#leases, token, entry);
  }

  lock(token: string, options: LockOptions = {}): Promise<StateLease> {
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    const free = this.#take(token);
    if (free) return Promise.resolve(free);
    const entry = this.#entries.get(token) as MemoryEntry;
    const waiters = entry.waiters as Array<(lease: StateLease) => void>;
    return new Promise<StateLease>((resolve, reject) => {
      const waiter = (lease: StateLease) => {
        options.signal?.removeEventListener('abort', onAbort);
        resolve(lease);
      };
      const onAbort = () => {
        const index = waiters.indexOf(waiter);
        if (index >= 0) waiters.splice(index, 1);
        reject(options.signal?.reason);
      };
      if (options.signal?.aborted) return reject(options.signal.reason);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      waiters.push(waiter);
    });
  }

  /** The token's entry, created when missing; an expired one not held starts over empty. */
  #entry(token: string): MemoryEntry {
    this.#maybeSweep();
    let entry = this.#entries.get(token);
    if (entry && entry.waiters === undefined && this.#isExpired(entry)) {
      entry.doc = undefined;
      entry.log = undefined;
    }
    if (!entry) {
      entry = {
        doc: undefined,
        touched: this.#now(),
        expiration: this.#expirationOf(token),
        log: undefined,
        waiters: undefined,
      };
      this.#entries.set(token, entry);
    }
    return entry;
  }

  async delete(token: string): Promise<void> {
    const entry = this.#entries.get(token);
    if (!entry) return;
    if (entry.waiters === undefined) this.#entries.delete(token);
    else {
      entry.doc = undefined;
      entry.log = undefined;
    }
  }

  async updatesSince(token: string, epoch: string, seq: number): Promise<ReplayedUpdates | undefined> {
    const entry = this.#entries.get(token);
    if (!entry?.doc || !entry.log || this.#isExpired(entry)) return undefined;
    const updates = entry.log.since(epoch, seq);
    return updates && { shape: entry.doc.shape, links: entry.doc.links, updates };
  }

  async touch(tokens: readonly string[]): Promise<void> {
    const now = this.#now();
    for (const token of tokens) {
      const entry = this.#entries.get(token);
      if (entry && !this.#isExpired(entry)) entry.touched = now;
    }
  }

  /** Nothing to release; the documents stay readable for {@link export} (a graceful stop). */
  async close(): Promise<void> {}

  /** Drops every token unused for longer than `tokenExpiration` (also done lazily while locking). */
  sweep(): void {
    this.#lastSweep = this.#now();
    for (const [token, entry] of this.#entries) {
      if (entry.waiters === undefined && this.#isExpired(entry)) this.#entries.delete(token);
    }
  }

  #maybeSweep(): void {
    // Amortised: a full pass at most once per quarter of the expiration.
    if (this.#now() - this.#lastSweep > this.#expiration / 4) this.sweep();
  }

  /**
   * Every live token's document and when it was last used, as plain data (what a server writes to
   * disk on a graceful stop, so a restart keeps the pages' state). Expired tokens are left out.
   */
  export(): MemoryStateSnapshot {
    const tokens: Record<string, { doc: TokenDoc; touched: number }> = {};
    for (const [token, entry] of this.#entries) {
      if (!entry.doc || this.#isExpired(entry)) continue;
      // A collection goes as its entries (its own JSON is only the window a page sees first).
      const states = mapCollectionVars(entry.doc.states, isCollectionStore, (store) => toStoredCollection(store, true));
      tokens[token] = {
        doc: states === entry.doc.states ? entry.doc : { ...entry.doc, states },
        touched: entry.touched,
      };
    }
    return { version: 1, tokens };
  }

  /**
   * Loads what {@link export} produced (tokens already present are kept as they are; expired ones
   * are skipped). Returns how many tokens were loaded.
   */
  import(snapshot: MemoryStateSnapshot): number {
    if (snapshot?.version !== 1 || typeof snapshot.tokens !== 'object' || snapshot.tokens === null) {
      throw new StateError('INVALID_DEFINITION', 'A memory state snapshot must be { version: 1, tokens: { ... } }.');
    }
    let loaded = 0;
    for (const [token, { doc, touched }] of Object.entries(snapshot.tokens)) {
      const expiration = this.#expirationOf(token);
      if (this.#entries.has(token) || this.#now() - touched > expiration) continue;
      const states = mapCollectionVars(doc.states, isStoredCollection, (stored) => fromStoredCollection(stored));
      const loadedDoc = states === doc.states ? doc : { ...doc, states };
      this.#entries.set(token, { doc: loadedDoc, touched, expiration, log: undefined, waiters: undefined });
      loaded += 1;
    }
    return loaded;
  }

  #isExpired(entry: MemoryEntry): boolean {
    return this.#now() - entry.touched > entry.expiration;
  }

  #expirationOf(key: string): number {
    return key === APP_KEY ? this.#appExpiration : this.#expiration;
  }

  #store(entry: MemoryEntry, doc: TokenDoc, updates: readonly StateUpdate[] | undefined): void {
    entry.doc = doc;
    if (this.#logLimits.updates === 0) return;
    if (!entry.log) {
      if (!updates?.length) return; // nothing to replay yet: a page of this document hydrates
      entry.log = new ReplayLog(this.#logLimits);
    }
    entry.log.record(doc, updates);
  }
}
