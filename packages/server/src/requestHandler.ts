import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Logger } from '@core/state';
import { SESSION_PATH, UPLOAD_PATH } from '@core/state/protocol';
import type { Server } from 'socket.io';
import { type FormPostContext, isFormPost, serveFormPost } from './formPost.js';
import { answerHealth, HEALTH_PATH } from './healthCheck.js';
import { hasFileExtension, isPageRequest } from './isPageRequest.js';
import type { PageRenderer } from './pageRenderer.js';
import { servePage } from './pageRequest.js';
import { answerSessionFingerprint, renewSessionCookie } from './renewSessionCookie.js';
import type { Middleware } from './serverOptions.js';
import { ensureSessionCookie } from './sessionCookie.js';
import type { SessionRenewals } from './sessionRenewals.js';
import type { TokenSigner } from './tokenSigner.js';

/** What the server's HTTP requests are routed to. */
export interface RequestRoutes {
  readonly app: App;
  readonly signer: TokenSigner;
  /** The proofs that let a tab fetch its new session cookie (`POST /_core/session`). */
  readonly renewals: SessionRenewals;
  /** Believe `X-Forwarded-Proto` (a Secure session cookie behind an HTTPS proxy). */
  readonly trustsProxy: boolean;
  readonly logger: Logger;
  /** The upload endpoint (`POST /_core/upload`). */
  readonly upload: (req: IncomingMessage, res: ServerResponse) => void;
  /** The server's middlewares, in order; added to while the server runs (`use`). */
  readonly middlewares: readonly Middleware[];
  readonly pages: PageRenderer | undefined;
  /** Serves a built file; false when there is none. */
  readonly serveStatic: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  /** The socket.io server (created after the handler: socket.io wraps the listeners present). */
  readonly io: () => Server;
  /** What page renders (and forms posted without JavaScript) need, for a pages app. */
  readonly pageContext: () => FormPostContext | undefined;
}

/**
 * The server's HTTP request handler: the session cookie on every request, then the session renew
 * endpoint, `GET /healthz` (the state manager's health), uploads, the middlewares in order,
 * server-rendered pages and the forms they post without JavaScript, the built client and a 404. A
 * failing middleware or render answers 500.
 */
export function createRequestHandler(routes: RequestRoutes): (req: IncomingMessage, res: ServerResponse) => void {
  const { app, signer, trustsProxy, logger, upload, middlewares, pages, serveStatic } = routes;
  return (req: IncomingMessage, res: ServerResponse) => {
    ensureSessionCookie(req, res, signer, trustsProxy);
    if (req.url === SESSION_PATH && req.method === 'POST') {
      const context = { app, signer, renewals: routes.renewals, trustProxy: trustsProxy, io: routes.io() };
      void renewSessionCookie(req, res, context).catch((error: unknown) => {
        logger.error('Renewing a session cookie failed', { error });
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
      return;
    }
    if (req.url === SESSION_PATH && req.method === 'GET') {
      answerSessionFingerprint(req, res, signer);
      return;
    }
    if (req.url === HEALTH_PATH) {
      answerHealth(req, res, app).catch((error: unknown) => {
        logger.error('Answering a health check failed', { error });
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
      return;
    }
    if (req.url === UPLOAD_PATH || req.url?.startsWith(`${UPLOAD_PATH}?`)) {
      upload(req, res);
      return;
    }
    let index = 0;
    const next = (error?: unknown) => {
      if (error) {
        logger.error('A request handler failed', { error, url: req.url });
        if (!res.headersSent) res.statusCode = 500;
        res.end();
        return;
      }
      const middleware = middlewares[index++];
      if (middleware) {
        try {
          middleware(req, res, next);
        } catch (thrown) {
          next(thrown);
        }
        return;
      }
      if (pages && isPageRequest(req)) {
        // A navigation to a real file (`/report.pdf`) gets the file; any other path is a page.
        if (hasFileExtension(req) && serveStatic?.(req, res)) return;
        servePage(req, res, routes.pageContext() as FormPostContext).catch(next);
        return;
      }
      if (pages && isFormPost(req)) {
        serveFormPost(req, res, routes.pageContext() as FormPostContext).catch(next);
        return;
      }
      if (serveStatic?.(req, res)) return;
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('Not found');
    };
    next();
  };
}
