import { SESSION_PATH, type SessionMessage } from '@core/state/protocol';

/**
 * The browser session changed (a sign-in or sign-out): fetches this tab's new session cookie
 * (`renew`), or waits a moment for the one another tab just received (`reconnect`). Resolves true
 * when the socket should now reconnect, so that its handshake carries the new cookie.
 */
export async function followSession(
  message: SessionMessage,
  token: string | undefined,
  url: string | undefined,
): Promise<boolean> {
  if (message.renew && token && typeof fetch === 'function') {
    const base = url ?? (typeof location === 'undefined' ? undefined : location.origin);
    if (base) {
      await fetch(new URL(SESSION_PATH, base), {
        method: 'POST',
        headers: { 'x-core-token': token },
        credentials: 'include',
      }).catch(() => undefined);
    }
    return true;
  }
  if (message.reconnect) {
    // The tab that signed in has just received the cookie; give the browser a moment to store it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return true;
  }
  return false;
}
