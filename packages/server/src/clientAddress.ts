import type { IncomingMessage } from 'node:http';

/**
 * The address of the client that sent `req`. Behind proxies that append to `X-Forwarded-For`
 * (nginx's `$proxy_add_x_forwarded_for`), give how many of them you run in front of the server:
 * the address is then the entry that the outermost trusted proxy added, counted from the right.
 * Entries further left came from the client and can be forged, so they are never used. With 0
 * (no proxy trusted) the header is ignored and the TCP peer is the client.
 *
 * @param trustProxy proxies in front of this server that set `X-Forwarded-For`.
 * @default process.env.CORE_TRUST_PROXY ?? 0
 * @example
 * // nginx in front (README "Deployment"), CORE_TRUST_PROXY=1:
 * // X-Forwarded-For: 6.6.6.6, 203.0.113.7  (the page forged the first entry) → '203.0.113.7'
 * const ip = clientAddress(req);
 */
export function clientAddress(req: IncomingMessage, trustProxy = trustedProxies()): string {
  const peer = req.socket.remoteAddress ?? '';
  if (trustProxy < 1) return peer;
  const header = req.headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Each of our proxies appended the peer it saw: the leftmost of the last trustProxy entries is
  // what the outermost one saw, the client. Fewer entries than proxies: the farthest one there is.
  return entries[Math.max(0, entries.length - trustProxy)] ?? peer;
}

function trustedProxies(): number {
  const value = Number(process.env.CORE_TRUST_PROXY ?? 0);
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(
      `[core/server] CORE_TRUST_PROXY must be the number of proxies in front of the server (0, 1, 2…), got "${process.env.CORE_TRUST_PROXY}".`,
    );
  }
  return value;
}
