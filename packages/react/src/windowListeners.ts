import { TOKEN_COOKIE } from '@core/state/protocol';

/** Listeners by `window` event name. */
export type WindowHandlers = { [TType in keyof WindowEventMap]?: (event: WindowEventMap[TType]) => void };

/**
 * Adds the client's `window` listeners; aborting the returned controller removes them all.
 * Undefined where there is no `window` (a server render).
 */
export function listenToWindow(handlers: WindowHandlers): AbortController | undefined {
  if (typeof window === 'undefined') return undefined;
  const controller = new AbortController();
  for (const [type, handler] of Object.entries(handlers)) {
    window.addEventListener(type, handler as EventListener, { signal: controller.signal });
  }
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
