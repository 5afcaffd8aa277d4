import type { IncomingHttpHeaders } from 'node:http';

/**
 * Which `X-Forwarded-For` entries to believe: `false` or `0`, none (the header is ignored, the TCP
 * peer is the client); a number `n`, the `n` proxies in front of the server that append to the
 * header (nginx's `$proxy_add_x_forwarded_for`): the client is the entry the outermost of them
 * appended, counted from the right, and entries further left, which the client may have forged,
 * are never used; `true`, every hop: the leftmost entry (only where the outermost proxy replaces
 * the header rather than appending to it). The same meanings as Express's `trust proxy`.
 */
export type TrustProxy = boolean | number;

/**
 * The client's IP address from the socket's peer and the request headers, believing as many
 * `X-Forwarded-For` entries as `trustProxy` says.
 *
 * @param trustProxy @default process.env.CORE_TRUST_PROXY ('true', or a count of proxies), else false
 * @example
 * // behind the nginx of the docs' "Deployment" page (CORE_TRUST_PROXY=1), a page that sent
 * // "X-Forwarded-For: 6.6.6.6" arrives with "6.6.6.6, 203.0.113.7" → '203.0.113.7'
 * const ip = clientAddress(req.socket.remoteAddress, req.headers);
 */
export function clientAddress(
  peer: string | undefined,
  headers: IncomingHttpHeaders,
  trustProxy: TrustProxy = trustProxyFromEnv(),
): string {
  const fallback = peer ?? 'unknown';
  if (trustProxy === false || trustProxy === 0) return fallback;
  const header = headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (trustProxy === true) return entries[0] ?? fallback;
  // Each trusted proxy appended the peer it saw: the leftmost of the last `trustProxy` entries is
  // what the outermost one saw. Fewer entries than proxies: the farthest one there is.
  return entries[Math.max(0, entries.length - trustProxy)] ?? fallback;
}

/** `CORE_TRUST_PROXY` as a {@link TrustProxy}: unset or '' is false; 'true', 'false' or a count. */
export function trustProxyFromEnv(value = process.env.CORE_TRUST_PROXY): TrustProxy {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(
      `[core/server] CORE_TRUST_PROXY must be the number of proxies in front of the server (0, 1, 2…) or true, got "${value}".`,
    );
  }
  return count;
}
