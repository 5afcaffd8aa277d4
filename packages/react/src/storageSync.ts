import type { PublicState } from '@core/state';
import type { StorageBinding } from '@core/state/protocol';

/**
 * The page's side of storage vars: reads the stored values to send when connecting, writes a var
 * back when the server changed it, and reports values that other tabs changed (`sync`). The
 * bindings come with the hydrate and are remembered in `localStorage`, so the next connection can
 * send the values before the server builds the page's state. A chunk of its own, loaded by
 * {@link StorageSyncLoader} when the app has storage vars.
 */
export class StorageSync {
  #bindings: readonly StorageBinding[] = [];
  #sentKeys = new Set<string>();
  #last = new Map<string, unknown>();
  readonly #send: (values: Record<string, string>) => void;
  readonly #bindingsKey: string;

  /** `send` emits `core:stored`; `bindingsKey` is where `localStorage` remembers the bindings. */
  constructor(send: (values: Record<string, string>) => void, bindingsKey: string) {
    this.#send = send;
    this.#bindingsKey = bindingsKey;
    this.#bindings = readRemembered(bindingsKey);
  }

  /** The stored values to send with the connection (for the bindings known from earlier visits). */
  valuesToSend(): Record<string, string> | undefined {
    const values: Record<string, string> = {};
    this.#sentKeys = new Set();
    for (const binding of this.#bindings) {
      const raw = read(binding);
      if (raw === null) continue;
      values[binding.key] = raw;
      this.#sentKeys.add(binding.key);
    }
    return this.#sentKeys.size > 0 ? values : undefined;
  }

  /**
   * A hydrate arrived: remember its bindings; where the page sent its stored value, the server's
   * state now wins (write it back if it differs); a stored value the server has not seen yet (a
   * binding new to this page) is sent now.
   */
  hydrate(bindings: readonly StorageBinding[] | undefined, state: PublicState): void {
    this.#bindings = bindings ?? [];
    remember(this.#bindingsKey, this.#bindings);
    this.#last.clear();
    const unseen: Record<string, string> = {};
    for (const binding of this.#bindings) {
      const value = varValue(state, binding);
      this.#last.set(binding.key, value);
      const raw = read(binding);
      const encoded = encode(binding, value);
      if (this.#sentKeys.has(binding.key) || raw === null) {
        if (raw !== null && raw !== encoded) write(binding, encoded);
      } else if (raw !== encoded) {
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
      if (read(binding) !== encoded) write(binding, encoded);
    }
  }

  /** The `window` `storage` listener: reports a change another tab made to a synced var. */
  onStorageEvent = (event: StorageEvent): void => {
    if (event.key === null || event.newValue === null || event.storageArea !== window.localStorage) return;
    const binding = this.#bindings.find((b) => b.kind === 'local' && b.sync && b.name === event.key);
    if (binding) this.#send({ [binding.key]: event.newValue });
  };
}

function varValue(state: PublicState, binding: StorageBinding): unknown {
  return state[binding.state]?.[binding.var];
}

function encode(binding: StorageBinding, value: unknown): string {
  return binding.json ? JSON.stringify(value) : String(value ?? '');
}

function read(binding: StorageBinding): string | null {
  try {
    if (binding.kind === 'local') return window.localStorage.getItem(binding.name);
    if (binding.kind === 'session') return window.sessionStorage.getItem(binding.name);
    for (const part of document.cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === binding.name) return decodeURIComponent(part.slice(eq + 1).trim());
    }
  } catch {
    // Storage refused (privacy mode) or a cookie that is not URI-encoded: nothing usable.
  }
  return null;
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
