import { type ClientErrorKind, SESSION_PROOF_COOKIE, TOKEN_COOKIE } from '@core/state/protocol';
import type { CoreSocket } from './coreSocket.js';

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
 * back/forward into the app) renders this tab's own state; the server clears it at once. With
 * `proof` (the tab signed in or out and its new session cookie has not come yet), the proof goes
 * too: the render checks it as `POST /_core/session` would, with the browser's old cookie, and
 * sets the new one, so the page load keeps the sign-in.
 */
export function leaveToken(token: string | undefined, proof?: string): void {
  if (typeof document === 'undefined' || token === undefined) return;
  const secure = typeof location !== 'undefined' && location.protocol === 'https:' ? '; Secure' : '';
  const attributes = `Max-Age=10; Path=/; SameSite=Strict${secure}`;
  // biome-ignore lint/suspicious/noDocumentCookie: unload handlers must write synchronously; cookieStore is async.
  document.cookie = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; ${attributes}`;
  if (proof === undefined) return;
  // biome-ignore lint/suspicious/noDocumentCookie: as above.
  document.cookie = `${SESSION_PROOF_COOKIE}=${encodeURIComponent(proof)}; ${attributes}`;
}

/** What the page's `window` events act on (a {@link CoreClient}'s parts). */
export interface PageWindowHost {
  readonly socket: Pick<CoreSocket, 'connected' | 'connect' | 'disconnect'>;
  /** The signed token to leave for a reload. */
  readonly token: () => string | undefined;
  /** The proof of a session renewal whose cookie has not come yet, left with the token. */
  readonly renewal: () => string | undefined;
  /** True once the client was closed. */
  readonly closed: () => boolean;
  /** The window went offline while the socket was down. */
  readonly wentOffline: () => void;
  /** The window is back online (the socket is then reconnected at once). */
  readonly backOnline: () => void;
  /** Another tab changed a synced storage var. */
  readonly storage: (event: StorageEvent) => void;
  /** An uncaught error or unhandled rejection of the page. */
  readonly pageError: (kind: ClientErrorKind, error: unknown) => void;
}

/** The client's `window` listeners (see {@link listenToWindow}); aborting the controller removes them. */
export function watchPageWindow(host: PageWindowHost): AbortController | undefined {
  const { socket } = host;
  return listenToWindow({
    // The live socket knows better than the window: a short network blip that never closed it
    // changes nothing (events still go out; one lost with the socket is resent after reconnecting).
    offline: () => socket.connected || host.wentOffline(),
    // Back online: connect now, not after socket.io's backoff (or never, once it gave up).
    online: () => {
      if (host.closed() || socket.connected) return;
      host.backOnline();
      // socket.io ignores connect() while it waits out its backoff: end that wait, then connect.
      socket.disconnect();
      socket.connect();
    },
    // Close the socket when the page goes away, so a reload does not race its own old socket.
    pagehide: () => {
      leaveToken(host.token(), host.renewal());
      socket.disconnect();
    },
    // A reload's request leaves before `pagehide`: leave the token for it here already.
    beforeunload: () => leaveToken(host.token(), host.renewal()),
    // Back from the back/forward cache.
    pageshow: (event) => event.persisted && !host.closed() && socket.connect(),
    storage: host.storage,
    // The page's own failures, for the server's log and the app's onClientError.
    error: (event) => host.pageError('error', event.error ?? event.message),
    unhandledrejection: (event) => host.pageError('unhandledrejection', event.reason),
  });
}
