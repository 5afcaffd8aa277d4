import type { IncomingHttpHeaders } from 'node:http';

/**
 * The client's IP: the first `X-Forwarded-For` hop when `trustProxy` (the server sits behind a
 * proxy that sets it), the peer address otherwise. A client can write any `X-Forwarded-For`, so
 * it is ignored unless the proxy is trusted.
 */
export function clientAddress(headers: IncomingHttpHeaders, peer: string | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return peer ?? '';
}
