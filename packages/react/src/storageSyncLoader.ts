import type { StorageBinding } from '@core/state/protocol';
import type { PublicState } from '@core/state/types';
import type { StorageSync, StoredValues } from './storageSync.js';

/** Where the page remembers which storage vars the app has, to send their values when it connects. */
const BINDINGS_KEY = 'core:storage-bindings';

type Call = (sync: StorageSync | undefined) => void;

/**
 * Storage vars on the page's side, with {@link StorageSync} a chunk of its own: loaded when the
 * browser remembers storage vars of this app (before the handshake, which carries their values)
 * or when a hydrate lists some, so that an app without storage vars never downloads it. Calls
 * made while it loads are made, in order, once it has.
 */
export class StorageSyncLoader {
  #sync: StorageSync | undefined;
  /** The calls waiting for the chunk; undefined unless it is loading. */
  #waiting: Call[] | undefined;
  readonly #send: (values: StoredValues) => void;
  /** What the last hydrate said of storage, for the catch-up that follows it. */
  #hydrated: { bindings: readonly StorageBinding[] | undefined; recreated: boolean } | undefined;

  /** `send` emits `core:stored`. */
  constructor(send: (values: StoredValues) => void) {
    this.#send = send;
  }

  /**
   * Calls `use` with the stored values to send with a connection: at once when the browser
   * remembers no storage vars of this app, else once the sync has loaded.
   */
  valuesToSend(use: (values: StoredValues | undefined) => void): void {
    if (remembersBindings()) this.#load();
    this.#call(
      (sync) => use(sync?.valuesToSend()),
      () => use(undefined),
    );
  }

  /** The page starts from a server render with these bindings (see {@link StorageSync.start}). */
  start(bindings: readonly StorageBinding[] | undefined, state: PublicState): void {
    if (!bindings?.length) return;
    this.#load();
    this.#call((sync) => sync?.start(bindings, state));
  }

  /**
   * A hydrate arrived with these bindings (undefined: keep the known ones), of another document
   * than the page's state when `recreated`: they count at the catch-up that follows.
   */
  hydrated(bindings: readonly StorageBinding[] | undefined, recreated: boolean): void {
    this.#hydrated = { bindings, recreated };
  }

  /** The page caught up with the server, after a hydrate or a replay (see {@link StorageSync.caughtUp}). */
  caughtUp(state: PublicState): void {
    const { bindings, recreated } = this.#hydrated ?? { bindings: undefined, recreated: false };
    this.#hydrated = undefined;
    if (bindings?.length) this.#load();
    this.#call((sync) => sync?.caughtUp(bindings, state, recreated));
  }

  /** The state changed: write back the storage vars whose value changed. */
  update(state: PublicState): void {
    this.#call((sync) => sync?.update(state));
  }

  /** The `window` `storage` listener: reports a change another tab made to a synced var. */
  onStorageEvent(event: StorageEvent): void {
    this.#call((sync) => sync?.onStorageEvent(event));
  }

  /** Makes `call` now, or once the chunk has loaded; `otherwise` when it is neither loaded nor loading. */
  #call(call: Call, otherwise?: () => void): void {
    if (this.#sync) call(this.#sync);
    else if (this.#waiting) this.#waiting.push(call);
    else otherwise?.();
  }

  /** Loads the chunk once; when it cannot be loaded, the waiting calls run without it (until the next try). */
  #load(): void {
    if (this.#sync || this.#waiting) return;
    const waiting: Call[] = [];
    this.#waiting = waiting;
    import('./storageSync.js').then(
      ({ StorageSync }) => {
        this.#sync = new StorageSync(this.#send, BINDINGS_KEY);
        this.#waiting = undefined;
        for (const call of waiting) call(this.#sync);
      },
      () => {
        this.#waiting = undefined;
        for (const call of waiting) call(undefined);
      },
    );
  }
}

/** True when an earlier visit remembered storage vars of this app. */
function remembersBindings(): boolean {
  try {
    return window.localStorage.getItem(BINDINGS_KEY) !== null;
  } catch {
    return false; // no window (a server render) or storage refused
  }
}
