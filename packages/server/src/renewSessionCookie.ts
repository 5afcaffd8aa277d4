import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '@core/state';
import { type SessionFingerprint, WireEvent } from '@core/state/protocol';
import type { Server } from 'socket.io';
import { isSecure, readSession, sessionFingerprint, writeSessionCookie } from './sessionCookie.js';
import type { TokenSigner } from './tokenSigner.js';

/** What the session endpoint needs from its server. */
export interface RenewSessionContext {
  readonly app: App;
  readonly signer: TokenSigner;
  readonly trustProxy: boolean;
  readonly io: Server;
}

/**
 * `POST /_core/session` with a tab's signed token (header `x-core-token`): after that tab signed
 * in or out, sets the cookie of the session it is linked to now, then tells the pages of the
 * session it left to reconnect (same browser: they now send the new cookie). Only a holder of the
 * tab's token gets the new cookie; a page that merely knew the old session id does not follow.
 */
export async function renewSessionCookie(
  req: IncomingMessage,
  res: ServerResponse,
  context: RenewSessionContext,
): Promise<void> {
  const token = req.headers['x-core-token'];
  if (!context.signer.verify(token)) {
    res.statusCode = 403;
    res.end();
    return;
  }
  const links = (await context.app.stateManager.get(token))?.links;
  if (links?.session === undefined) {
    res.statusCode = 404;
    res.end();
    return;
  }
  writeSessionCookie(res, links.session, context.signer, isSecure(req, context.trustProxy));
  res.statusCode = 204;
  res.end();
  if (links.rotatedFrom !== undefined) {
    // The other pages of the session left behind wait until their browser sends the new cookie
    // (GET SESSION_PATH tells them which one it sends), then reconnect with it.
    const session = sessionFingerprint(links.session, context.signer);
    context.io.to(`@session:${links.rotatedFrom}`).emit(WireEvent.session, { reconnect: true, session });
  }
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
