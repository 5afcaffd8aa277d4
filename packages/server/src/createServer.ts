import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClientToServerEvents, ServerToClientEvents } from '@core/state/protocol';
import type { Server } from 'socket.io';
import { trustProxyFromEnv } from './clientAddress.js';
import { createClientRelay } from './clientRelay.js';
import { startTouching, tokenConnected, trackPresence } from './connectedTokens.js';
import { ConnectionLimits } from './connectionLimits.js';
import { consoleLogger } from './consoleLogger.js';
import { attachDevtools, refuseDevtools } from './devtoolsSession.js';
import { EventAcks } from './eventAcks.js';
import type { FormPostContext } from './formPost.js';
import { forwardAppUpdates } from './forwardAppUpdates.js';
import { createOriginCheck } from './originCheck.js';
import { attachPageNavigation } from './pageNavigation.js';
import { PatchSender } from './patchSender.js';
import { RenderActions } from './renderActions.js';
import { createRequestHandler } from './requestHandler.js';
import { resolveSecret } from './resolveSecret.js';
import { type Middleware, resolveDevtools, resolveUploadOptions, type ServerOptions } from './serverOptions.js';
import { SessionRenewals } from './sessionRenewals.js';
import { createSocketServer } from './socketServer.js';
import { attachSocketSession } from './socketSession.js';
import { createStaticHandler } from './staticFiles.js';
import type { SocketData } from './tokenHandshake.js';
import { redactingLogger } from './tokenRedaction.js';
import { createTokenSigner } from './tokenSigner.js';
import { createUploadEndpoint } from './uploadEndpoint.js';

export type { DevtoolsOptions, Middleware, ServerOptions } from './serverOptions.js';

/** A running state server. */
export interface CoreServer {
  readonly httpServer: HttpServer;
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  /** Adds a request handler (runs before the static files, after those added earlier). */
  use(middleware: Middleware): void;
  /** Starts listening; resolves with the port and URL. @default port 0 (a free one), host 127.0.0.1 */
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  /**
   * Disconnects every page (they reconnect elsewhere and resend what was not acknowledged), stops
   * listening and, at the same time, closes the app: queued events refused, background tasks
   * aborted, running handlers finished. Resolves when all of that is done.
   */
  close(): Promise<void>;
}

/**
 * Puts an app on socket.io (websocket transport only, same-origin pages by default) on a Node http server: the token
 * handshake, hydrate on connect, a patch per update to the token's room, events with acks, a
 * health endpoint (`GET /healthz`) and, in production, the built client.
 */
export function createServer(options: ServerOptions): CoreServer {
  const { app } = options;
  // The app's own settings win; the server fills in what the app was created without.
  if (!app.configured.has('dev')) app.configure({ dev: options.dev ?? process.env.NODE_ENV === 'development' });
  // Tokens are shortened in what reaches the logger: the app's entries when the server gives it
  // its logger, and the server's own entries always (an app's own logger included).
  if (!app.configured.has('logger')) app.configure({ logger: redactingLogger(options.logger ?? consoleLogger()) });
  const { dev } = app;
  const logger = redactingLogger(app.logger);
  const devtools = resolveDevtools(options.devtools, dev, app, logger);
  const signer = createTokenSigner(resolveSecret({ secret: options.secret, cwd: options.cwd, dev }));
  const renewals = new SessionRenewals(signer);
  const originAllowed = createOriginCheck(options.allowedOrigins, logger, { localOnly: dev });
  const maxPayloadBytes = options.maxPayloadBytes ?? 65_536;
  const middlewares = [...(options.middlewares ?? [])];
  const { pages } = options;
  // A pages app renders navigations itself: no `index.html` for paths without a file.
  const serveStatic = options.staticDir
    ? createStaticHandler(options.staticDir, { logger, fallback: !pages })
    : undefined;
  const trustProxy = options.trustProxy ?? trustProxyFromEnv();
  const upload = createUploadEndpoint({
    app,
    signer,
    logger,
    trustProxy,
    ...resolveUploadOptions(options, maxPayloadBytes),
    pageConnected: (token) => tokenConnected(io as unknown as Server, token),
  });

  // X-Forwarded-Proto (a Secure session cookie behind an HTTPS proxy) is believed with any trust.
  const trustsProxy = trustProxy !== false && trustProxy !== 0;
  if (pages) app.enableRouter();
  // Tokens issued for a render whose page has not connected yet (dropped after a while if it never does).
  const unclaimed = new Set<string>();

  const handle = createRequestHandler({
    app,
    signer,
    renewals,
    trustsProxy,
    logger,
    upload,
    middlewares,
    pages,
    serveStatic,
    io: () => io as unknown as Server,
    pageContext: () => pageContext,
  });

  const httpServer = options.httpServer ?? createHttpServer();
  httpServer.on('request', handle);
  const limits = new ConnectionLimits({
    maxConnectionsPerIp: options.maxConnectionsPerIp ?? 1_000,
    maxNewTokensPerIp: options.maxNewTokensPerIp ?? 600,
  });
  const io = createSocketServer(httpServer, {
    app,
    signer,
    limits,
    trustProxy,
    originAllowed,
    maxPayloadBytes,
    socket: options.socket,
    authenticate: options.authenticate,
  });
  const acks = new EventAcks();
  const patches = new PatchSender(io, app, acks, options.maxBufferedPackets ?? 256);
  const sessions = {
    app,
    logger,
    acks,
    patches,
    inFlight: new Map<string, number>(),
    maxPayloadBytes,
    maxPayloadDepth: options.maxPayloadDepth ?? 32,
    maxEventsInFlight: options.maxEventsInFlight ?? 1_000,
    maxResyncsPer10s: options.maxResyncsPer10s ?? 10,
  };
  io.on('connection', (socket) => {
    attachSocketSession(socket, sessions);
    if (devtools) attachDevtools(socket, devtools);
    else refuseDevtools(socket);
    app.tokensChanged();
    socket.on('disconnect', () => app.tokensChanged());
    if (pages) {
      unclaimed.delete(socket.data.token);
      attachPageNavigation(socket, { app, pages, logger, trustProxy });
    }
  });
  const presenceTimer = trackPresence(io, app, options.presenceInterval ?? 5_000);
  const renders = new RenderActions();
  const pageContext: FormPostContext | undefined = pages && {
    app,
    renders,
    pages,
    signer,
    logger,
    trustProxy,
    limits,
    unclaimedTokenTtl: 5 * 60_000,
    issued: (token) => unclaimed.add(token),
    isClaimed: async (token) => {
      const pending = unclaimed.delete(token);
      return !pending || (await io.in(token).fetchSockets()).length > 0;
    },
    originAllowed,
    maxPayloadBytes,
    maxPostsPerIp: 8,
    running: new Map(),
    claim: (token) => unclaimed.delete(token),
  };

  const unsubscribe = forwardAppUpdates(io, app, patches, logger, renewals);
  const unsubscribeRelay = app.subscribeAll(createClientRelay(io, renders));

  const touchTimer = startTouching(io, app, options.touchInterval ?? 60_000);

  return {
    httpServer,
    io,
    use(middleware) {
      middlewares.push(middleware);
    },
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        httpServer.once('error', onError);
        httpServer.listen(port, host, () => {
          httpServer.off('error', onError);
          const address = httpServer.address() as AddressInfo;
          resolve({ port: address.port, url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}` });
        });
      });
    },
    async close() {
      clearInterval(touchTimer);
      clearInterval(presenceTimer);
      unsubscribe();
      unsubscribeRelay();
      io.disconnectSockets(true);
      // Stop taking connections and close the app side by side: an HTTP request still open (a slow
      // API middleware, say) must not keep background tasks from being aborted.
      await Promise.all([new Promise<void>((resolve) => io.close(() => resolve())), app.close()]);
    },
  };
}
