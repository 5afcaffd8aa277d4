import type { IncomingMessage } from 'node:http';
import type { Logger } from '@core/state';
import { ServerError } from './serverError.js';

/**
 * Decides from its `Origin` header whether a socket.io handshake may go on, so a page of another
 * site cannot drive the app (or a developer's `core dev` on 127.0.0.1) with the visitor's browser:
 *
 * - without `allowedOrigins`, the Origin must be the origin the request was sent to (its `Host`);
 * - with `allowedOrigins`, it must be one of them (exactly those: list your own origin too);
 * - a handshake without an Origin header is allowed: browsers always send one on a WebSocket
 *   handshake, so it comes from a program (socket.io-client in Node, a test, a bench), which could
 *   send any Origin it likes anyway; cross-site request forgery needs a browser.
 *
 * An Origin of `null` (sandboxed frames, `file:` pages) is refused unless `'null'` is listed. In
 * development (`localOnly`), the same-origin rule also wants a host that cannot be rebound: an IP
 * address, `localhost` or `*.localhost`, so a site whose DNS name is re-pointed at 127.0.0.1 (DNS
 * rebinding) cannot pass as "same origin" with a developer's `core dev`.
 */
export function createOriginCheck(
  allowedOrigins: readonly string[] | undefined,
  logger: Logger,
  { localOnly = false }: { localOnly?: boolean } = {},
): (req: IncomingMessage) => boolean {
  const allowed = allowedOrigins === undefined ? undefined : new Set(allowedOrigins.map(normalizeOrigin));
  const reported = new Set<string>();
  return (req) => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    const ok = allowed
      ? allowed.has(origin.toLowerCase())
      : isSameOrigin(origin, req) && (!localOnly || isUnrebindable(origin));
    if (!ok && reported.size < 100 && !reported.has(origin)) {
      reported.add(origin);
      logger.warn(
        `Refused a connection from origin ${JSON.stringify(origin.slice(0, 200))}; if your pages are served from there, add it to allowedOrigins.`,
      );
    }
    return ok;
  };
}

function isSameOrigin(origin: string, req: IncomingMessage): boolean {
  const host = req.headers.host;
  if (!host) return false;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    // `URL.host` leaves out a default port, as browsers do in the Host header.
    return url.host === new URL(`${url.protocol}//${host}`).host;
  } catch {
    return false; // a malformed Origin or Host
  }
}

/** An IP literal or a `localhost` name: hosts no outside DNS answer can re-point. */
function isUnrebindable(origin: string): boolean {
  const { hostname } = new URL(origin); // parsed already by isSameOrigin
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname.startsWith('[') ||
    /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname)
  );
}

function normalizeOrigin(origin: string): string {
  if (origin === 'null') return origin;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new ServerError(
      'INVALID_OPTION',
      `allowedOrigins holds ${JSON.stringify(origin)}, not an origin; write it as "https://example.com" (scheme, host and port if not the default).`,
    );
  }
  if (url.origin === 'null' || url.pathname !== '/' || url.search || url.hash || origin.endsWith('/')) {
    throw new ServerError(
      'INVALID_OPTION',
      `allowedOrigins holds ${JSON.stringify(origin)}, not an origin; write it as ${JSON.stringify(url.origin)} (no path, no trailing slash).`,
    );
  }
  return url.origin;
}
