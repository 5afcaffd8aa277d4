import { cookiePathCovers, type StorageBinding } from '@core/state/protocol';
import type { PublicState } from '@core/state/types';

/** Stored values by key (`local:theme`); null for a var the browser has no value for. */
export type StoredValues = Record<string, string | null>;

/**
 * The page's side of storage vars: reads the stored values to send when connecting, writes a var
 * back when the server changed it, and reports values that other tabs changed (`sync`). The
 * bindings come with the hydrate (or the server render) and are remembered in `localStorage`, so
 * the next connection can send the values before the server builds the page's state. The browser's
 * copy is the source of truth: a missing value is sent as null (the var's default), and when the
 * server's document is not the one the page knew (it expired, or the server lost it) the page sends
 * its values again instead of writing the server's defaults over them. A chunk of its own, loaded by
 * {@link StorageSyncLoader} when the app has storage vars.
 */
export class StorageSync {
  #bindings: readonly StorageBinding[] = [];
  #sentKeys = new Set<string>();
  /** The value of each var as last seen from the server (absent: never seen). */
  #last = new Map<string, unknown>();
  readonly #send: (values: StoredValues) => void;
  readonly #bindingsKey: string;

  /** `send` emits `core:stored`; `bindingsKey` is where `localStorage` remembers the bindings. */
  constructor(send: (values: StoredValues) => void, bindingsKey: string) {
    this.#send = send;
    this.#bindingsKey = bindingsKey;
    this.#bindings = readRemembered(bindingsKey);
  }

  /** The stored values to send with the connection (for the bindings known from earlier visits). */
  valuesToSend(): StoredValues | undefined {
    const values: StoredValues = {};
    this.#sentKeys = new Set();
    for (const binding of this.#bindings) {
      const raw = read(binding);
      if (raw === undefined) continue;
      values[binding.key] = raw;
      this.#sentKeys.add(binding.key);
    }
    return this.#sentKeys.size > 0 ? values : undefined;
  }

  /**
   * The page starts from a server render: learn its bindings (sent with the connection that
   * follows) and the values it was rendered with. Nothing is written or sent here.
   */
  start(bindings: readonly StorageBinding[], state: PublicState): void {
    this.#remember(bindings);
    for (const binding of bindings) this.#last.set(binding.key, varValue(state, binding));
  }

  /**
   * The page caught up with the server (a hydrate, or a replay: `bindings` undefined keeps the
   * known ones). Per var: when the page sent its value on connecting, or the server changed a var
   * the page had seen in this same document, the server's value wins and is written back; a value
   * the server has not seen (a binding new to the page, or a document that is not the one the page
   * knew: `recreated`) is sent now and wins.
   */
  caughtUp(bindings: readonly StorageBinding[] | undefined, state: PublicState, recreated: boolean): void {
    if (bindings !== undefined) this.#remember(bindings);
    const unseen: StoredValues = {};
    for (const binding of this.#bindings) {
      const value = varValue(state, binding);
      const seen = this.#last.has(binding.key);
      this.#last.set(binding.key, value);
      const raw = read(binding);
      if (raw === undefined) continue;
      const encoded = encode(binding, value);
      if (this.#sentKeys.has(binding.key) || (seen && !recreated)) {
        // Never writes a default into a storage that holds nothing: only a handler's change does.
        if (raw !== null && raw !== encoded) write(binding, encoded);
      } else if (raw !== null ? raw !== encoded : binding.default !== undefined && encoded !== binding.default) {
        // The server's value is not the browser's (null: the browser has none, the default counts).
        unseen[binding.key] = raw;
      }
    }
    this.#sentKeys = new Set();
    if (Object.keys(unseen).length > 0) this.#send(unseen);
  }

  /** The state changed: write back every storage var whose value changed. */
  update(state: PublicState): void {
    for (const binding of this.#bindings) {
      const value = varValue(state, binding);
      if (this.#last.get(binding.key) === value) continue; // patches keep unchanged values' identity
      this.#last.set(binding.key, value);
      const encoded = encode(binding, value);
      const raw = read(binding);
      // Back at its default where the browser holds nothing (it sent null): nothing to store.
      if (raw === encoded || (raw === null && encoded === binding.default)) continue;
      write(binding, encoded);
    }
  }

  /** The `window` `storage` listener: reports a change another tab made to a synced var (null: removed). */
  onStorageEvent = (event: StorageEvent): void => {
    if (event.storageArea !== window.localStorage) return;
    const values: StoredValues = {};
    for (const binding of this.#bindings) {
      // `key` null: the other tab cleared the whole storage.
      if (binding.kind === 'local' && binding.sync && (event.key === null || event.key === binding.name)) {
        values[binding.key] = event.key === null ? null : event.newValue;
      }
    }
    if (Object.keys(values).length > 0) this.#send(values);
  };

  #remember(bindings: readonly StorageBinding[]): void {
    this.#bindings = bindings;
    remember(this.#bindingsKey, bindings);
  }
}

function varValue(state: PublicState, binding: StorageBinding): unknown {
  return state[binding.state]?.[binding.var];
}

function encode(binding: StorageBinding, value: unknown): string {
  return binding.json ? JSON.stringify(value) : String(value ?? '');
}

/**
 * The browser's value of a storage var: null when it has none, undefined when the page cannot
 * know (a cookie whose path does not cover this page, or a secure one on http: `document.cookie`
 * hides both).
 */
function read(binding: StorageBinding): string | null | undefined {
  try {
    if (binding.kind === 'local') return window.localStorage.getItem(binding.name);
    if (binding.kind === 'session') return window.sessionStorage.getItem(binding.name);
    if (!cookieVisible(binding)) return undefined;
    for (const part of document.cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === binding.name) return decodeURIComponent(part.slice(eq + 1).trim());
    }
    return null;
  } catch {
    // Storage refused (privacy mode) or a cookie that is not URI-encoded: nothing usable.
    return undefined;
  }
}

/** True when `document.cookie` on this page would show the binding's cookie if it existed. */
function cookieVisible(binding: StorageBinding): boolean {
  if (binding.secure && window.location.protocol !== 'https:') return false;
  return cookiePathCovers(binding.path ?? '/', window.location.pathname);
}

function write(binding: StorageBinding, encoded: string): void {
  try {
    if (binding.kind === 'local') window.localStorage.setItem(binding.name, encoded);
    else if (binding.kind === 'session') window.sessionStorage.setItem(binding.name, encoded);
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from Firefox and Safari
    else document.cookie = cookieString(binding, encoded);
  } catch {
    // Storage full or refused: the var lives on in the server's state for this tab.
  }
}

/** The `document.cookie` assignment for a cookie var. */
export function cookieString(binding: StorageBinding, encoded: string): string {
  let cookie = `${binding.name}=${encodeURIComponent(encoded)}; Path=${binding.path ?? '/'}`;
  if (binding.maxAge !== undefined) cookie += `; Max-Age=${binding.maxAge}`;
  if (binding.domain) cookie += `; Domain=${binding.domain}`;
  cookie += `; SameSite=${capitalize(binding.sameSite ?? 'lax')}`;
  if (binding.secure) cookie += '; Secure';
  return cookie;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function readRemembered(key: string): readonly StorageBinding[] {
  try {
    const raw = typeof window === 'undefined' ? null : window.localStorage.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as StorageBinding[]) : [];
  } catch {
    return [];
  }
}

function remember(key: string, bindings: readonly StorageBinding[]): void {
  try {
    if (bindings.length > 0) window.localStorage.setItem(key, JSON.stringify(bindings));
    else window.localStorage.removeItem(key);
  } catch {
    // Not remembered: the next connection sends its values after the hydrate instead.
  }
}
