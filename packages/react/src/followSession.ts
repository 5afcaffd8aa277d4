import { SESSION_PATH, SESSION_PROOF_HEADER, type SessionFingerprint, type SessionMessage } from '@core/state/protocol';

/** Pauses between checks of which session cookie the browser sends (ms); about 3 s in all. */
const COOKIE_CHECKS = [0, 25, 50, 100, 200, 400, 800, 1_600];

/**
 * The browser session changed (a sign-in or sign-out): fetches this tab's new session cookie
 * (`renew`, with the server's proof and the browser's current cookie), or waits until the browser sends the one another tab is receiving (`reconnect`).
 * Resolves true when the socket should now reconnect, so that its handshake carries the new cookie.
 */
export async function followSession(
  message: SessionMessage,
  token: string | undefined,
  url: string | undefined,
): Promise<boolean> {
  const base = url ?? (typeof location === 'undefined' ? undefined : location.origin);
  const canFetch = base !== undefined && typeof fetch === 'function';
  if (message.renew && token) {
    if (canFetch) {
      await fetch(new URL(SESSION_PATH, base), {
        method: 'POST',
        // The token alone gets nothing: the server's proof and the browser's cookie go with it.
        headers: { 'x-core-token': token, ...(message.proof ? { [SESSION_PROOF_HEADER]: message.proof } : {}) },
        credentials: 'include',
      }).catch(() => undefined);
    }
    return true;
  }
  if (!message.reconnect) return false;
  if (message.session === undefined || !canFetch) {
    // A server that names no fingerprint: give the browser a moment to store the cookie.
    await pause(100);
    return true;
  }
  // The other tab's response is stored by the browser at its own pace: reconnecting before it
  // would hand the server the old cookie. Ask which cookie the browser sends until it is the new one.
  for (const wait of COOKIE_CHECKS) {
    await pause(wait);
    if ((await sentSession(base)) === message.session) break;
  }
  return true;
}

/** The fingerprint of the session cookie this browser sends to `base` now (undefined on failure). */
async function sentSession(base: string): Promise<string | null | undefined> {
  try {
    const response = await fetch(new URL(SESSION_PATH, base), { credentials: 'include', cache: 'no-store' });
    return response.ok ? ((await response.json()) as SessionFingerprint).session : undefined;
  } catch {
    return undefined;
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
