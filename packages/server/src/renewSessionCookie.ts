import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '@core/state';
import { SESSION_PROOF_HEADER, type SessionFingerprint, WireEvent } from '@core/state/protocol';
import type { Server } from 'socket.io';
import { isSecure, readSession, sessionFingerprint, writeSessionCookie } from './sessionCookie.js';
import type { SessionRenewals } from './sessionRenewals.js';
import { type TokenSigner, whyNotATabToken } from './tokenSigner.js';

/** What the session endpoint needs from its server. */
export interface RenewSessionContext {
  readonly app: App;
  readonly signer: TokenSigner;
  readonly renewals: SessionRenewals;
  readonly trustProxy: boolean;
  readonly io: Server;
}

/**
 * `POST /_core/session` after a tab signed in or out: sets the cookie of the session the tab is
 * linked to now, then tells the pages of the session it left to reconnect (same browser: they now
 * send the new cookie). It takes three things, never the tab token alone (page scripts can read
 * a token, and the cookie is HTTP-only so that they cannot get it): the tab's token (`x-core-token`),
 * the proof the server sent that tab with `core:session` (bound to the token, short-lived), and —
 * when the tab had a browser session before — that session's cookie, or the new one already.
 * Anything else is refused with 403 and a one-line reason.
 */
export async function renewSessionCookie(
  req: IncomingMessage,
  res: ServerResponse,
  context: RenewSessionContext,
): Promise<void> {
  const token = req.headers['x-core-token'];
  if (!context.signer.verify(token)) return refuse(res, 403, `The request ${whyNotATabToken(context.signer, token)}.`);
  const outcome = await grantSessionRenewal(req, res, context, token, req.headers[SESSION_PROOF_HEADER]);
  if ('reason' in outcome) return refuse(res, outcome.status, outcome.reason);
  res.statusCode = 204;
  res.end();
}

/** What {@link grantSessionRenewal} did: the session whose cookie the response sets, or why it set none. */
export type SessionRenewalOutcome =
  | { readonly session: string }
  | { readonly status: 403 | 404; readonly reason: string };

/**
 * The checks of `POST /_core/session`, for any request that carries them (the POST, or a page load
 * that a page left its unfinished renewal's proof to): `token` (a verified tab token) with `proof`
 * issued to it, unused and unexpired, and the browser's cookie of the session the tab left (or of
 * the one it is linked to now). Every check is against the server's own records: the proof's
 * signature, the tab's links in the state store. When they pass, the proof is used up, the
 * response sets the cookie of the tab's session, and the pages of the session it left are told to
 * reconnect once their browser sends it. Otherwise nothing is written.
 */
export async function grantSessionRenewal(
  req: IncomingMessage,
  res: ServerResponse,
  context: RenewSessionContext,
  token: string,
  proof: unknown,
): Promise<SessionRenewalOutcome> {
  const refused = context.renewals.check(token, proof);
  if (refused) return { status: 403, reason: refused };
  const links = (await context.app.stateManager.get(token))?.links;
  if (links?.session === undefined) return { status: 404, reason: 'The tab is linked to no browser session.' };
  if (!context.renewals.cookieMatches(proof, readSession(req.headers, context.signer), links.session)) {
    return {
      status: 403,
      reason:
        "The request does not carry the browser's session cookie from before the sign-in or sign-out; only that browser gets the new one.",
    };
  }
  context.renewals.consume(proof as string);
  writeSessionCookie(res, links.session, context.signer, isSecure(req, context.trustProxy));
  if (links.rotatedFrom !== undefined) {
    // The other pages of the session left behind wait until their browser sends the new cookie
    // (GET SESSION_PATH tells them which one it sends), then reconnect with it.
    const session = sessionFingerprint(links.session, context.signer);
    context.io.to(`@session:${links.rotatedFrom}`).emit(WireEvent.session, { reconnect: true, session });
  }
  return { session: links.session };
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`[core/server] ${message}`);
}

/**
 * GET `SESSION_PATH`: which session cookie this browser sends now, as a fingerprint (`null` without
 * a valid one), never cached. A page told to follow a new session polls it until its browser has
 * stored the cookie that another tab's POST received.
 */
export function answerSessionFingerprint(req: IncomingMessage, res: ServerResponse, signer: TokenSigner): void {
  const session = readSession(req.headers, signer);
  const body: SessionFingerprint = { session: session === undefined ? null : sessionFingerprint(session, signer) };
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}
