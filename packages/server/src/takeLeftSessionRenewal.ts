import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@core/state';
import { SESSION_PROOF_COOKIE } from '@core/state/protocol';
import { grantSessionRenewal, type RenewSessionContext } from './renewSessionCookie.js';
import { clearLeftCookie, readCookie, setRequestSession } from './sessionCookie.js';

/**
 * Finishes, on a page load, the session renewal its tab left unfinished. A tab that signed in or
 * out gets its new cookie by a POST (`renewSessionCookie`) a moment after the page shows the new
 * session; a reload, a link or a form posted in between goes out with the old cookie and would
 * render — and link the tab to — the old session, losing the sign-in. So the page leaves the
 * proof it was sent in `SESSION_PROOF_COOKIE` as it unloads (next to its token), and the render
 * makes the same checks as the POST (`grantSessionRenewal`: the proof issued to `token`, unused,
 * unexpired; the browser's cookie of the session the tab left): when they pass, the request's
 * session is the tab's new one, which the render shows and its response sets. The proof cookie is
 * cleared whatever the outcome. Resolves true when the renewal was granted.
 *
 * `token`: the tab the request renders for (the token a page left, or a form's), once verified;
 * undefined to only clear a proof left without one.
 */
export async function takeLeftSessionRenewal(
  req: IncomingMessage,
  res: ServerResponse,
  context: { readonly renewal: RenewSessionContext; readonly logger: Logger },
  token: string | undefined,
): Promise<boolean> {
  const proof = readCookie(req.headers.cookie, SESSION_PROOF_COOKIE);
  if (proof === undefined) return false;
  clearLeftCookie(res, SESSION_PROOF_COOKIE);
  if (token === undefined) return false;
  const outcome = await grantSessionRenewal(req, res, context.renewal, token, proof);
  if ('reason' in outcome) {
    // Usual when the page's own POST got there first (the proof is used, the cookie on its way).
    context.logger.debug('A page load did not finish its tab session renewal', { token, reason: outcome.reason });
    return false;
  }
  setRequestSession(req, outcome.session);
  return true;
}
