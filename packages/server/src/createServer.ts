import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { type App, type Logger, sourceOf } from '@core/state';
import {
  type ClientToServerEvents,
  SESSION_PATH,
  type ServerToClientEvents,
  UPLOAD_PATH,
  WireEvent,
} from '@core/state/protocol';
import { Server, type ServerOptions as SocketServerOptions } from 'socket.io';
import { type TrustProxy, trustProxyFromEnv } from './clientAddress.js';
import { createClientRelay } from './clientRelay.js';
import { ConnectionLimits } from './connectionLimits.js';
import { consoleLogger } from './consoleLogger.js';
import { attachDevtools, type DevtoolsContext, refuseDevtools } from './devtoolsSession.js';
import { EventAcks } from './eventAcks.js';
import { followLinks } from './followLinks.js';
import { createOriginCheck } from './originCheck.js';
import { attachPageNavigation } from './pageNavigation.js';
import type { PageRenderer } from './pageRenderer.js';
import { hasFileExtension, isPageRequest, type PageRequestContext, servePage } from './pageRequest.js';
import { PatchSender } from './patchSender.js';
import { renewSessionCookie } from './renewSessionCookie.js';
import { resolveSecret } from './resolveSecret.js';
import { ServerError } from './serverError.js';
import { ensureSessionCookie, readCookies } from './sessionCookie.js';
import { attachSocketSession } from './socketSession.js';
import { createStaticHandler } from './staticFiles.js';
import { createTokenHandshake, type SocketData } from './tokenHandshake.js';
import { redactingLogger } from './tokenRedaction.js';
import { createTokenSigner } from './tokenSigner.js';
import { createUploadEndpoint } from './uploadEndpoint.js';

/**
 * Bytes a `core:event` frame may carry besides its payload: the packet type, ack id, event name and
 * the `id`, `state` and `name` fields (at most 64 + 128 + 128 characters).
 */
const FRAME_OVERHEAD = 1_024;

/** A Connect-style request handler; call `next()` to pass the request on. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** The app to serve. */
  app: App;
  /** Folder of the built client (`index.html`, `assets/`) to serve; none when omitted. */
  staticDir?: string;
  /**
   * Signs tokens (16+ characters). Required in production; in development a generated one is kept
   * in `.core/secret`. @default process.env.CORE_SECRET
   */
  secret?: string;
  /**
   * Development mode: handler errors reach the page with message and stack, and a missing secret
   * is generated. Production unless asked for: `core dev` passes `true`. An app created with its
   * own `dev` keeps it.
   * @default process.env.NODE_ENV === 'development'
   */
  dev?: boolean;
  /**
   * Origins (`https://app.example.com`) whose pages may connect. Without it only pages of the
   * origin the request was sent to (its `Host` header) may; list the public origin when a proxy
   * rewrites `Host`. Handshakes without an `Origin` header (programs, not browsers) are allowed.
   * In development, same origin also means an IP address or `localhost` (no DNS rebinding).
   * @default same origin only
   */
  allowedOrigins?: string[];
  /** Where the server (and an app without its own logger) reports; tokens reach it shortened. @default consoleLogger() */
  logger?: Logger;
  /**
   * Largest event payload accepted from a page, in bytes of JSON. A larger payload gets an
   * `INVALID_EVENT` ack; a frame over this plus 1 KiB of framing closes the connection unread.
   * @default 65_536
   */
  maxPayloadBytes?: number;
  /**
   * Deepest nesting of arrays and objects accepted in an event payload; deeper ones are refused
   * with `INVALID_EVENT` before anything walks them recursively.
   * @default 32
   */
  maxPayloadDepth?: number;
  /**
   * Events of one token (all its sockets on this process, background-task starts included) that
   * may be queued or running at once; more are refused with `OVERLOADED` (a flooding page cannot
   * grow the server's queues without bound, and reconnecting does not reset the count).
   * @default 1_000
   */
  maxEventsInFlight?: number;
  /**
   * Resyncs (fresh hydrates) one socket may get per 10 seconds; more wait for the next window. One
   * is answered at a time, and never past the buffer check of `maxBufferedPackets`.
   * @default 10
   */
  maxResyncsPer10s?: number;
  /** Sockets one client address may hold open on this process. @default 1_000 */
  maxConnectionsPerIp?: number;
  /** New tokens one client address may be issued per minute on this process. @default 600 */
  maxNewTokensPerIp?: number;
  /**
   * Which `X-Forwarded-For` entries give the client's address (per-address budgets, the `router`
   * state's `ip`, logs): `1` behind one proxy that appends to the header, such as the nginx of the
   * README's "Deployment"; `true` trusts the leftmost entry (every hop). Any of these also trusts `X-Forwarded-Proto`
   * (the session cookie is `Secure` behind an HTTPS proxy). Set it only behind such proxies;
   * otherwise any client could claim any address. See {@link TrustProxy}.
   * @default process.env.CORE_TRUST_PROXY ('true' or a count), else false
   */
  trustProxy?: TrustProxy;
  /**
   * Finds the signed-in user of a connecting page from its request (cookies, headers): the value
   * becomes `ctx.user` in the handlers of its events; `null`/`undefined` leaves the session's own
   * user (`ctx.signIn`). A hook that throws refuses the connection.
   */
  authenticate?: (request: IncomingMessage, cookies: Record<string, string>) => unknown;
  /** No longer used: a token is claimed atomically at handshake, no probe is awaited. */
  probeTimeout?: number;
  /**
   * A page with this many packets waiting to be written gets no more patches until its buffer
   * drains, then one fresh hydrate (a burst to a slow page is coalesced, not buffered without bound).
   * @default 256
   */
  maxBufferedPackets?: number;
  /**
   * Largest file accepted by the upload endpoint (`POST /_core/upload`), in bytes; a larger one is
   * refused with 413 before its body is stored.
   * @default process.env.CORE_MAX_UPLOAD_BYTES, else 10_485_760 (10 MiB)
   */
  maxUploadBytes?: number;
  /**
   * Where uploads are written while their handler runs.
   * @default process.env.CORE_UPLOAD_DIR, else `<os tmpdir>/core-uploads-<pid>`
   */
  uploadDir?: string;
  /**
   * How often the state of tokens with a connected page is kept from expiring (a page left open
   * and idle must not find its state gone). `0` turns it off.
   * @default 60_000
   */
  touchInterval?: number;
  /**
   * The devtools channel (the in-page panel of `core dev`), served in development mode only; a
   * production server answers every devtools request with `DEVTOOLS_UNAVAILABLE` whatever this
   * says. `false` turns it off in development too.
   * @default { maxEvents: 200 } in development
   */
  devtools?: DevtoolsOptions | false;
  /**
   * How often `app.onTokensChange` listeners are told to look again even without a connection
   * here: a tab whose process died is seen as gone within this time (plus the Redis adapter's
   * request timeout when a process does not answer).
   * @default 5_000
   */
  presenceInterval?: number;
  /** Handlers run before the static files (a dev server's Vite middleware, an API). */
  middlewares?: Middleware[];
  /** An http server to attach to instead of creating one. */
  httpServer?: HttpServer;
  /** Passed to socket.io (e.g. `adapter` for Redis); an `allowRequest` here runs after the Origin check. */
  socket?: Partial<SocketServerOptions>;
  /** Working folder for `.core/secret`. @default process.cwd() */
  cwd?: string;
  /**
   * A pages app: HTML requests are rendered on the server (on-load events first) and pages report
   * their navigations (`core:navigate`). Turns on the app's built-in `router` state.
   */
  pages?: PageRenderer;
}

/** Options of the devtools channel (`ServerOptions.devtools`). */
export interface DevtoolsOptions {
  /** Events a panel is sent and keeps at most; older ones are dropped. @default 200 */
  maxEvents?: number;
}

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
  const originAllowed = createOriginCheck(options.allowedOrigins, logger, { localOnly: dev });
  const maxPayloadBytes = options.maxPayloadBytes ?? 65_536;
  const middlewares = [...(options.middlewares ?? [])];
  const { pages } = options;
  // A pages app renders navigations itself: no `index.html` for paths without a file.
  const serveStatic = options.staticDir
    ? createStaticHandler(options.staticDir, { logger, fallback: !pages })
    : undefined;
  const upload = createUploadEndpoint({
    app,
    signer,
    logger,
    maxBytes: options.maxUploadBytes ?? envBytes('CORE_MAX_UPLOAD_BYTES') ?? 10 * 1024 * 1024,
    dir: options.uploadDir ?? (process.env.CORE_UPLOAD_DIR || undefined),
  });

  const trustProxy = options.trustProxy ?? trustProxyFromEnv();
  // X-Forwarded-Proto (a Secure session cookie behind an HTTPS proxy) is believed with any trust.
  const trustsProxy = trustProxy !== false && trustProxy !== 0;
  if (pages) app.enableRouter();
  // Tokens issued for a render whose page has not connected yet (dropped after a while if it never does).
  const unclaimed = new Set<string>();

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    ensureSessionCookie(req, res, signer, trustsProxy);
    if (req.url === SESSION_PATH && req.method === 'POST') {
      void renewSessionCookie(req, res, { app, signer, trustProxy: trustsProxy, io: io as unknown as Server }).catch(
        (error: unknown) => {
          logger.error('Renewing a session cookie failed', { error });
          if (!res.headersSent) res.statusCode = 500;
          res.end();
        },
      );
      return;
    }
    if (req.url === '/healthz') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ ok: true, tasks: app.backgroundTasks.size }));
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
        servePage(req, res, pageContext as PageRequestContext).catch(next);
        return;
      }
      if (serveStatic?.(req, res)) return;
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('Not found');
    };
    next();
  };

  const httpServer = options.httpServer ?? createHttpServer();
  httpServer.on('request', handle);
  const { allowRequest, ...socketOptions } = options.socket ?? {};
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    // No long-polling: it needs sticky sessions behind a balancer and is a second, cookie-less way
    // in. The page (CoreClient) connects with the websocket transport only.
    transports: ['websocket'],
    // A frame is read whole before it is parsed: keep it to what an event may carry.
    maxHttpBufferSize: maxPayloadBytes + FRAME_OVERHEAD,
    serveClient: false,
    ...socketOptions,
    allowRequest: (req, callback) => {
      if (!originAllowed(req)) callback('Origin not allowed', false);
      else if (allowRequest) allowRequest(req, callback);
      else callback(null, true);
    },
  });
  const limits = new ConnectionLimits({
    maxConnectionsPerIp: options.maxConnectionsPerIp ?? 1_000,
    maxNewTokensPerIp: options.maxNewTokensPerIp ?? 600,
  });
  io.use(createTokenHandshake({ io: io as unknown as Server, app, signer, limits, trustProxy }));
  const { authenticate } = options;
  if (authenticate) {
    io.use((socket, next) => {
      Promise.resolve()
        .then(() => authenticate(socket.request, readCookies(socket.request.headers.cookie)))
        .then((user) => {
          if (user !== null && user !== undefined) (socket.data as SocketData).user = user;
          next();
        }, next);
    });
  }
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
  // Which tabs are connected, on every process (the Redis adapter asks the others); a process that
  // died drops out at the next periodic check, within `presenceInterval`.
  if (!app.configured.has('presence')) {
    app.configure({
      presence: {
        tokens: async () => [...new Set((await io.fetchSockets()).map((socket) => (socket.data as SocketData).token))],
      },
    });
  }
  const presenceTimer = setInterval(() => app.tokensChanged(), options.presenceInterval ?? 5_000);
  presenceTimer.unref();
  const pageContext: PageRequestContext | undefined = pages && {
    app,
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
  };

  const unsubscribe = app.subscribeAll({
    update: (key, update, epoch) => {
      const source = sourceOf(key);
      patches.send(key, source ? { ...update, epoch, source } : epoch ? { ...update, epoch } : update);
    },
    sessionRotated: (token) => {
      io.to(token).emit(WireEvent.session, { renew: true });
    },
    relinked: (token, links, previous) => {
      void followLinks(io as unknown as Server, app, token, links, previous).catch((error: unknown) =>
        logger.error('Moving pages to their new shared documents failed', { token, error }),
      );
    },
    error: (token, error) => io.to(token).emit(WireEvent.error, error),
  });
  const unsubscribeRelay = app.subscribeAll(createClientRelay(io));

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

/** A positive whole number of bytes from the environment, or undefined; a bad value is an error. */
function envBytes(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!(Number.isInteger(value) && value > 0)) {
    throw new Error(`[core/server] ${name}=${JSON.stringify(raw)} is not a positive whole number of bytes.`);
  }
  return value;
}

/** The devtools context of a development server; none in production or when turned off. */
function resolveDevtools(
  option: DevtoolsOptions | false | undefined,
  dev: boolean,
  app: App,
  logger: Logger,
): DevtoolsContext | undefined {
  if (!dev || option === false) return undefined;
  const maxEvents = option?.maxEvents ?? 200;
  if (!Number.isInteger(maxEvents) || maxEvents < 1) {
    throw new ServerError('INVALID_OPTION', `devtools.maxEvents must be a positive integer; got ${String(maxEvents)}.`);
  }
  return { app, logger, maxEvents, connects: new Map() };
}

/** Keeps the state of the tokens connected to this process from expiring while their pages are open. */
function startTouching(io: Server, app: App, interval: number): NodeJS.Timeout | undefined {
  if (interval <= 0) return undefined;
  const timer = setInterval(() => {
    const tokens = new Set<string>();
    for (const socket of io.sockets.sockets.values()) tokens.add((socket.data as SocketData).token);
    if (tokens.size === 0) return;
    app.stateManager
      .touch?.([...tokens])
      .catch((error: unknown) => app.logger.warn('Refreshing live tokens failed', { error }));
  }, interval);
  timer.unref();
  return timer;
}
