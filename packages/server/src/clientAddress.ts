import type { IncomingHttpHeaders } from 'node:http';

/**
 * The client's IP address: the socket's peer, or — only when `trustProxy` is set, because anyone
 * can send the header — the first hop of `X-Forwarded-For` that the proxy in front appended.
 */
export function clientAddress(peer: string | undefined, headers: IncomingHttpHeaders, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return peer ?? 'unknown';
}
