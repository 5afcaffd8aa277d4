import { TOKEN_COOKIE } from '@core/state/protocol';

/** What the client does on the page's `window` events. */
export interface WindowHandlers {
  /** The browser went offline. */
  offline(): void;
  /** The page goes away (closed, reloaded, left for another site). */
  pagehide(): void;
  /** A reload's request is about to leave (before `pagehide`). */
  beforeunload(): void;
  /** The page came back from the back/forward cache. */
  pageshow(): void;
  /** Another tab changed `localStorage`. */
  storage(event: StorageEvent): void;
}

/**
 * Adds the client's `window` listeners; aborting the returned controller removes them all.
 * Undefined where there is no `window` (a server render).
 */
export function listenToWindow(handlers: WindowHandlers): AbortController | undefined {
  if (typeof window === 'undefined') return undefined;
  const controller = new AbortController();
  const { signal } = controller;
  window.addEventListener('offline', () => handlers.offline(), { signal });
  window.addEventListener('pagehide', () => handlers.pagehide(), { signal });
  window.addEventListener('beforeunload', () => handlers.beforeunload(), { signal });
  window.addEventListener('pageshow', (event) => event.persisted && handlers.pageshow(), { signal });
  window.addEventListener('storage', (event) => handlers.storage(event), { signal });
  return controller;
}

/**
 * Leaves the signed token in a short-lived cookie, so that the request of a reload (or of a
 * back/forward into the app) renders this tab's own state; the server clears it at once.
 */
export function leaveToken(token: string | undefined): void {
  if (typeof document === 'undefined' || token === undefined) return;
  const secure = typeof location !== 'undefined' && location.protocol === 'https:' ? '; Secure' : '';
  // biome-ignore lint/suspicious/noDocumentCookie: unload handlers must write synchronously; cookieStore is async.
  document.cookie = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Max-Age=10; Path=/; SameSite=Strict${secure}`;
}
