/**
 * The HTTP side of the protocol: the upload and session endpoints, and what the server-rendered
 * first paint leaves for the page (re-exported by `protocol.ts`).
 */

/**
 * The upload endpoint of `@core/server` (POST, multipart: an optional `args` field of JSON, then
 * one file, or several for a streaming upload handler).
 */
export const UPLOAD_PATH = '/_core/upload';

/** The header that carries the tab's token on an upload. */
export const UPLOAD_TOKEN_HEADER = 'x-core-token';

/**
 * GET `SESSION_PATH`: the fingerprint of the session cookie the request carried (null without a
 * valid one). A fingerprint names a session without being usable as its cookie.
 */
export interface SessionFingerprint {
  readonly session: string | null;
}

/** Where a page gets the cookie of its tab's (new) browser session, or the fingerprint of its cookie. */
export const SESSION_PATH = '/_core/session';

/** The header of POST `SESSION_PATH` that carries the `proof` of a `core:session` renew message. */
export const SESSION_PROOF_HEADER = 'x-core-session-proof';

/**
 * RFC 6265's path-match: true when a cookie with path `cookiePath` goes with a request for `path`
 * (so its absence there means the browser has none). The server and the page both use it.
 */
export function cookiePathCovers(cookiePath: string, path: string): boolean {
  if (path === cookiePath) return true;
  if (!path.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || path.charAt(cookiePath.length) === '/';
}

/** Why the upload endpoint refused a request (the `code` of its JSON answer). */
export type UploadErrorCode =
  /** No token, or a token this server's secret did not sign (401). */
  | 'INVALID_TOKEN'
  /** Not a POST with a multipart body holding one file, or no `state` / `handler` (400). */
  | 'INVALID_UPLOAD'
  /** The body is over the size limit (413); nothing of it is kept. */
  | 'UPLOAD_TOO_LARGE'
  /** The named handler does not exist or does not take uploads (404). */
  | 'UNKNOWN_HANDLER'
  /** The upload handler threw (500). */
  | 'HANDLER_ERROR'
  /** The server could not store or process the upload (500). */
  | 'UPLOAD_FAILED'
  /** The tab, or the client's address, already has as many uploads in progress as allowed (429). */
  | 'TOO_MANY_UPLOADS'
  /** The server already takes as many uploads as it allows at once (503). */
  | 'UPLOADS_BUSY'
  /** No page of the tab is connected any more: the upload was dropped, its handler not run (410). */
  | 'PAGE_GONE'
  /** A streaming upload handler left the next chunk unread too long (408). */
  | 'UPLOAD_STALLED';

/** The JSON answer of the upload endpoint. */
export type UploadResponse =
  | { readonly ok: true; readonly size: number }
  | { readonly ok: false; readonly error: { readonly code: UploadErrorCode; readonly message: string } };

/** The name of the cookie a page leaves its token in when it unloads (read by the next render). */
export const TOKEN_COOKIE = 'core_token';

/**
 * The cookie a page leaves the `proof` of an unfinished session renewal in when it unloads (next to
 * `TOKEN_COOKIE`): it signed in or out, and the POST that fetches the new session cookie had no
 * answer yet. The next render checks it as POST `SESSION_PATH` would and sets the new cookie.
 */
export const SESSION_PROOF_COOKIE = 'core_session_proof';

/** The global the server-rendered HTML sets: the state the page was rendered with. */
export const SSR_GLOBAL = '__CORE_SSR__';
