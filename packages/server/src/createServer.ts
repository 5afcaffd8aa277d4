import { createServer as createHttpServer, type Server as HttpServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@core/state';
import { type PresenceChange, resolveApp } from '@core/state/internal';
import { trustProxyFromEnv } from './clientAddress.js';
import { attachClientErrors } from './clientErrorChannel.js';
import { socketPresence, startTouching, tokenConnected } from './connectedTokens.js';
import { Connection } from './connection.js';
import { ConnectionLimits } from './connectionLimits.js';
import { consoleLogger } from './consoleLogger.js';
import { attachDevtools, type DevtoolsContext, refuseDevtools } from './devtoolsChannel.js';
import type { FormPostContext } from './formPost.js';
import { createOriginCheck } from './originCheck.js';
import { attachPageNavigation } from './pageNavigation.js';
import { pauseWhenBehind } from './pauseWhenBehind.js';
import { attachPresenceRooms, servePresence } from './presenceRooms.js';
import { RenderActions } from './renderActions.js';
import { createRequestHandler } from './requestHandler.js';
import { resolveSecret } from './resolveSecret.js';
import { type Middleware, resolveDevtools, resolveUploadOptions, type ServerOptions } from './serverOptions.js';
import { SessionRenewals } from './sessionRenewals.js';
import { type CoreIo, createSocketServer } from './socketServer.js';
import { createStaticHandler } from './staticFiles.js';
import { redactingLogger } from './tokenRedaction.js';
import { createTokenSigner, type TokenSigner } from './tokenSigner.js';
import { createAppListener, UpdateSender } from './updateSender.js';
import { createUploadEndpoint } from './uploadEndpoint.js';

export type { DevtoolsOptions, Middleware, ServerOptions } from './serverOptions.js';

/** A running state server. */
export interface CoreServer {
  readonly httpServer: HttpServer;
  readonly io: CoreIo;
  /** Adds a request handler (runs before the static files, after those added earlier). */
  use(middleware: Middleware): void;
  /**
   * Runs the app's `onStart`, then starts listening; resolves with the port and URL.
   * @default port 0 (a free one), host 127.0.0.1
   */
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  /**
   * Disconnects every page (they reconnect elsewhere and resend what was not acknowledged), stops
   * listening and, at the same time, closes the app: queued events refused, background tasks
   * aborted, running handlers finished. Resolves when all of that is done.
   */
  close(): Promise<void>;
}

/**
 * Puts an app on socket.io (websocket transport only, same-origin pages by default) on a Node http
 * server: the token handshake, hydrate on connect, a patch per update to the token's room, events
 * with acks, a health endpoint (`GET /healthz`) and, in production, the built client. The app is
 * resolved here, once: the server's logger, mode, presence and router (and the state manager the
 * CLI passes in) fill in what it was created without; the server talks to it through the port that
 * step returns.
 */
export function createServer(options: ServerOptions): CoreServer {
  const { app, pages } = options;
  // Tokens are shortened in what reaches the logger: the app's entries when the server gives it
  // its logger, and the server's own entries always (an app's own logger included).
  const serverLogger = redactingLogger(options.logger ?? consoleLogger());
  // The socket server is made below, with the resolved mode; presence and the listener reach it
  // only once pages connect.
  let io: CoreIo | undefined;
  let sender: UpdateSender | undefined;
  let presenceChanged: ((change: PresenceChange) => void) | undefined;
  // What the server builds from the resolved mode and can refuse (a missing secret, a malformed
  // option) is built inside the resolve step: a refusal leaves the app unresolved.
  let built:
    | {
        signer: TokenSigner;
        renewals: SessionRenewals;
        originAllowed: (req: IncomingMessage) => boolean;
        logger: Logger;
      }
    | undefined;
  let devtools: DevtoolsContext | undefined;
  // Client actions of on-load events run by a server render go back to that render.
  const renders = new RenderActions();
  const port = resolveApp(
    app,
    {
      stateManager: options.stateManager,
      logger: serverLogger,
      dev: options.dev ?? process.env.NODE_ENV === 'development',
      presence: { tokens: () => socketPresence(io as CoreIo).tokens() },
      presenceInterval: options.presenceInterval ?? 5_000,
      router: pages !== undefined,
      listener: createAppListener(
        () => io as CoreIo,
        () => sender as UpdateSender,
        () => port,
        serverLogger,
        () => (built as NonNullable<typeof built>).renewals,
        renders,
        (change) => presenceChanged?.(change),
      ),
    },
    (settings) => {
      const logger = settings.logger === serverLogger ? serverLogger : redactingLogger(settings.logger);
      const signer = createTokenSigner(resolveSecret({ secret: options.secret, cwd: options.cwd, dev: settings.dev }));
      built = {
        logger,
        signer,
        renewals: new SessionRenewals(signer),
        originAllowed: createOriginCheck(options.allowedOrigins, logger, { localOnly: settings.dev }),
      };
      devtools = resolveDevtools(options.devtools, settings.dev, app, () => port, logger);
    },
  );
  const { signer, renewals, originAllowed, logger } = built as NonNullable<typeof built>;
  const maxPayloadBytes = options.maxPayloadBytes ?? 65_536;
  const middlewares = [...(options.middlewares ?? [])];
  // A pages app renders navigations itself: no `index.html` for paths without a file.
  const serveStatic = options.staticDir
    ? createStaticHandler(options.staticDir, { logger, fallback: !pages })
    : undefined;
  const trustProxy = options.trustProxy ?? trustProxyFromEnv();
  const upload = createUploadEndpoint({
    app,
    port,
    signer,
    logger,
    trustProxy,
    ...resolveUploadOptions(options, maxPayloadBytes),
    pageConnected: (token) => tokenConnected(io as CoreIo, token),
  });

  // X-Forwarded-Proto (a Secure session cookie behind an HTTPS proxy) is believed with any trust.
  const trustsProxy = trustProxy !== false && trustProxy !== 0;
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
    io: () => sockets,
    pageContext: () => pageContext,
  });

  const httpServer = options.httpServer ?? createHttpServer();
  httpServer.on('request', handle);
  const limits = new ConnectionLimits({
    maxConnectionsPerIp: options.maxConnectionsPerIp ?? 1_000,
    maxNewTokensPerIp: options.maxNewTokensPerIp ?? 600,
  });
  const sockets = createSocketServer(httpServer, {
    app,
    signer,
    limits,
    trustProxy,
    originAllowed,
    maxPayloadBytes,
    socket: options.socket,
    authenticate: options.authenticate,
  });
  io = sockets;
  presenceChanged = attachPresenceRooms(sockets, () => port);
  const writeBounds = { packets: options.maxBufferedPackets ?? 256, bytes: options.maxBufferedBytes ?? 1_048_576 };
  sender = new UpdateSender(sockets, app, writeBounds.packets);
  const connections = {
    port,
    sender,
    inFlight: new Map<string, number>(),
    maxPayloadBytes,
    maxPayloadDepth: options.maxPayloadDepth ?? 32,
    maxEventsInFlight: options.maxEventsInFlight ?? 1_000,
    maxResyncsPer10s: options.maxResyncsPer10s ?? 10,
  };
  const clientErrors = { port, logger, maxPerMinute: options.maxClientErrorsPerMinute ?? 10 };
  sockets.on('connection', (socket) => {
    pauseWhenBehind(socket, writeBounds, logger);
    new Connection(socket, connections);
    servePresence(socket, port, logger);
    attachClientErrors(socket, clientErrors);
    if (devtools) attachDevtools(socket, devtools);
    else refuseDevtools(socket);
    if (pages) {
      unclaimed.delete(socket.data.token);
      attachPageNavigation(socket, { app, pages, logger, trustProxy });
    }
  });
  const pageContext: FormPostContext | undefined = pages && {
    app,
    port,
    renders,
    pages,
    signer,
    logger,
    trustProxy,
    renewal: { app, signer, renewals, trustProxy: trustsProxy, io: sockets },
    limits,
    unclaimedTokenTtl: 5 * 60_000,
    issued: (token) => unclaimed.add(token),
    isClaimed: async (token) => {
      const pending = unclaimed.delete(token);
      return !pending || (await sockets.in(token).fetchSockets()).length > 0;
    },
    originAllowed,
    maxPayloadBytes,
    maxPostsPerIp: 8,
    running: new Map(),
    claim: (token) => unclaimed.delete(token),
  };

  const touchTimer = startTouching(sockets, app, options.touchInterval ?? 60_000);

  return {
    httpServer,
    io: sockets,
    use(middleware) {
      middlewares.push(middleware);
    },
    async listen(at = 0, host = '127.0.0.1') {
      // The app's onStart (seeding data, say) has run before the first connection is accepted.
      await port.started();
      return new Promise((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        httpServer.once('error', onError);
        httpServer.listen(at, host, () => {
          httpServer.off('error', onError);
          const address = httpServer.address() as AddressInfo;
          resolve({ port: address.port, url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}` });
        });
      });
    },
    async close() {
      clearInterval(touchTimer);
      sockets.disconnectSockets(true);
      // Stop taking connections and close the app side by side: an HTTP request still open (a slow
      // API middleware, say) must not keep background tasks from being aborted.
      await Promise.all([new Promise<void>((resolve) => sockets.close(() => resolve())), app.close()]);
    },
  };
}
