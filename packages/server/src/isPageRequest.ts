import type { IncomingMessage } from 'node:http';

/** `Sec-Fetch-Dest` values of a document load or a script's request; any other is a subresource. */
const PAGE_DESTINATIONS = new Set(['document', 'iframe', 'frame', 'empty']);

/**
 * True for a request answered with the page (rendered, or `index.html` for client-side routes): a
 * GET or HEAD outside `/assets/` and `/_core/` that accepts HTML, or, for a path without a file
 * extension, one that accepts any type (the wildcard) or sends no `Accept` at all — as `curl`,
 * uptime monitors, load balancer health checks and `fetch()` do, and as Vite's own HTML fallback
 * counts them. A browser's subresource (`Sec-Fetch-Dest: image`, `script`, …) never is.
 */
export function isPageRequest(req: IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const pathname = (req.url ?? '/').split('?')[0] ?? '/';
  if (pathname.startsWith('/assets/') || pathname.startsWith('/_core/')) return false;
  const destination = req.headers['sec-fetch-dest'];
  if (destination !== undefined && !PAGE_DESTINATIONS.has(destination)) return false;
  const accept = req.headers.accept ?? '';
  if (accept.includes('text/html')) return true;
  return (accept === '' || accept.includes('*/*')) && !hasFileExtension(req);
}

/** True when the last segment of the path has a dot (`/report.pdf`, `/users/jane.doe`). */
export function hasFileExtension(req: IncomingMessage): boolean {
  const pathname = (req.url ?? '/').split('?')[0] ?? '/';
  return pathname.slice(pathname.lastIndexOf('/') + 1).includes('.');
}
