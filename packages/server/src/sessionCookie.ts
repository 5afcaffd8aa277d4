import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { TokenSigner } from './tokenSigner.js';

/** The name of the browser-session cookie. */
export const SESSION_COOKIE = 'core_session';

/**
 * The browser session in a request's cookies: the id part of a `core_session` value signed for
 * sessions, or undefined when there is none or its signature is wrong (a forged cookie, or a tab
 * token put in its place, counts as none).
 */
export function readSession(headers: IncomingHttpHeaders, signer: TokenSigner): string | undefined {
  const value = readCookie(headers.cookie, SESSION_COOKIE);
  return signer.for('session').verify(value) ? value.slice(0, value.indexOf('.')) : undefined;
}

/**
 * Every cookie of a `Cookie` header, by name (the first of a repeated name; a value that is not
 * URI-encoded is left out). A null-prototype object: a cookie named `__proto__` is just a key.
 */
export function readCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null);
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name in cookies) continue;
    try {
      cookies[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A malformed value is left out.
    }
  }
  return cookies;
}

/** One cookie's value from a `Cookie` header (never throws on a malformed value). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  return readCookies(header)[name];
}

/**
 * A name for `session` that pages may see (`core:session`, GET `SESSION_PATH`): a keyed hash, so it
 * cannot be turned back into the id or used as the cookie.
 */
export function sessionFingerprint(session: string, signer: TokenSigner): string {
  return signer.for('session-fingerprint').sign(session).slice(0, 22);
}

/**
 * Sets the session cookie to `session` (an id; the cookie holds it signed): HTTP-only, so page
 * scripts never see it; `SameSite=Lax`; `Secure` over HTTPS; no expiry (a browser session). It
 * replaces a session cookie the response was setting already; other cookies stay.
 */
export function writeSessionCookie(res: ServerResponse, session: string, signer: TokenSigner, secure: boolean): void {
  const value = `${session}.${signer.for('session').sign(session)}`;
  const earlier = res.getHeader('Set-Cookie');
  const kept = (Array.isArray(earlier) ? earlier : earlier === undefined ? [] : [String(earlier)]).filter(
    (cookie) => !cookie.startsWith(`${SESSION_COOKIE}=`),
  );
  res.setHeader('Set-Cookie', [
    ...kept,
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`,
  ]);
}

/**
 * Gives a page load (a GET that accepts HTML) without a valid session cookie a new browser
 * session, shared from then on by every tab of that browser.
 */
export function ensureSessionCookie(
  req: IncomingMessage,
  res: ServerResponse,
  signer: TokenSigner,
  trustProxy: boolean,
): void {
  let session = readSession(req.headers, signer);
  if (session === undefined && req.method === 'GET' && req.headers.accept?.includes('text/html')) {
    session = signer.for('session').issue().split('.')[0];
    writeSessionCookie(res, session, signer, isSecure(req, trustProxy));
  }
  if (session !== undefined) sessions.set(req, session);
}

const sessions = new WeakMap<IncomingMessage, string>();

/** The browser session of a request: from its cookie, or the one its response is giving it. */
export function requestSession(req: IncomingMessage): string | undefined {
  return sessions.get(req);
}

/**
 * The request's browser session is `session` from now on: its response is setting that cookie (a
 * page load that finished its tab's session renewal, see `takeLeftSessionRenewal`).
 */
export function setRequestSession(req: IncomingMessage, session: string): void {
  sessions.set(req, session);
}

/** True for a request that reached us (or the proxy in front, when trusted) over HTTPS. */
export function isSecure(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  return (
    trustProxy &&
    String(req.headers['x-forwarded-proto'] ?? '')
      .split(',')[0]
      .trim() === 'https'
  );
}

/**
 * Clears a short-lived cookie a page left on unload for the next page load (its tab token, its
 * session renewal proof): the response that read it deletes it, so it serves one request.
 */
export function clearLeftCookie(res: ServerResponse, name: string): void {
  res.appendHeader('Set-Cookie', `${name}=; Max-Age=0; Path=/; SameSite=Strict`);
}
