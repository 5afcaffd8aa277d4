import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { App, Logger, StateManager } from '@core/state';
import type { AppPort } from '@core/state/internal';
import type { ServerOptions as SocketServerOptions } from 'socket.io';
import type { TrustProxy } from './clientAddress.js';
import type { DevtoolsContext } from './devtoolsChannel.js';
import type { PageRenderer } from './pageRenderer.js';
import { ServerError } from './serverError.js';
import { UploadLimits } from './uploadLimits.js';

/** A Connect-style request handler; call `next()` to pass the request on. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** The app to serve; the server resolves it (its one resolve step: see `resolveApp`). */
  app: App;
  /**
   * Where token state and locks live, unless the app was created with its own state manager
   * (`core start` passes the Redis manager here when `REDIS_URL` is set).
   * @default the app's own, else a new MemoryStateManager
   */
  stateManager?: StateManager;
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
  /**
   * Errors one socket may report per minute (uncaught errors, unhandled rejections and render
   * errors of the page, logged and passed to the app's `onClientError`); more are dropped until the
   * minute is over.
   * @default 10
   */
  maxClientErrorsPerMinute?: number;
  /** Sockets one client address may hold open on this process. @default 1_000 */
  maxConnectionsPerIp?: number;
  /** New tokens one client address may be issued per minute on this process. @default 600 */
  maxNewTokensPerIp?: number;
  /**
   * Which `X-Forwarded-For` entries give the client's address (per-address budgets, the `router`
   * state's `ip`, logs): `1` behind one proxy that appends to the header, such as the nginx of the
   * docs' "Deployment" page; `true` trusts the leftmost entry (every hop). Any of these also trusts `X-Forwarded-Proto`
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
  /**
   * A page with this many packets waiting to be written gets no more patches until its buffer
   * drains, then one fresh hydrate (a burst to a slow page is coalesced, not buffered without bound),
   * and the server reads nothing more from it until it has read what it was sent (so acks of its
   * events cannot pile up either).
   * @default 256
   */
  maxBufferedPackets?: number;
  /**
   * Bytes the websocket of one page may hold that the network has not taken yet; beyond them the
   * server reads nothing more from the page until it has read what it was sent.
   * @default 1_048_576 (1 MiB)
   */
  maxBufferedBytes?: number;
  /**
   * Largest file accepted by the upload endpoint (`POST /_core/upload`), in bytes; a larger one is
   * refused with 413 before its body is stored.
   * @default process.env.CORE_MAX_UPLOAD_BYTES, else 10_485_760 (10 MiB)
   */
  maxUploadBytes?: number;
  /**
   * Uploads one tab may have in progress at once; one more is refused at once with 429
   * `TOO_MANY_UPLOADS`, before its body is read.
   * @default 10
   */
  maxUploadsPerToken?: number;
  /** Uploads one client address may have in progress at once on this process (429 past it). @default 30 */
  maxUploadsPerIp?: number;
  /** Uploads this process takes at once (503 `UPLOADS_BUSY` past it). @default 100 */
  maxUploads?: number;
  /**
   * How long a streaming upload handler (`uploadStreamHandler`) may leave its next chunk unread
   * before the upload is ended with 408 `UPLOAD_STALLED` (a handler waiting for the tab's lock must
   * not hold the request forever), in ms.
   * @default 30_000
   */
  uploadStallTimeout?: number;
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

/** The upload endpoint's settings from the server's options (see `createUploadEndpoint`). */
export function resolveUploadOptions(options: ServerOptions, maxPayloadBytes: number) {
  return {
    maxBytes: options.maxUploadBytes ?? envBytes('CORE_MAX_UPLOAD_BYTES') ?? 10 * 1024 * 1024,
    maxArgsBytes: maxPayloadBytes,
    maxArgsDepth: options.maxPayloadDepth ?? 32,
    dir: options.uploadDir ?? (process.env.CORE_UPLOAD_DIR || undefined),
    limits: new UploadLimits({
      perToken: positive('maxUploadsPerToken', options.maxUploadsPerToken ?? 10),
      perAddress: positive('maxUploadsPerIp', options.maxUploadsPerIp ?? 30),
      total: positive('maxUploads', options.maxUploads ?? 100),
    }),
    stallTimeout: positive('uploadStallTimeout', options.uploadStallTimeout ?? 30_000),
  };
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ServerError('INVALID_OPTION', `${name} must be a positive integer; got ${String(value)}.`);
  }
  return value;
}

/** A positive whole number of bytes from the environment, or undefined; a bad value is an error. */
export function envBytes(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!(Number.isInteger(value) && value > 0)) {
    throw new Error(`[core/server] ${name}=${JSON.stringify(raw)} is not a positive whole number of bytes.`);
  }
  return value;
}

/** The devtools context of a development server; none in production or when turned off. */
export function resolveDevtools(
  option: DevtoolsOptions | false | undefined,
  dev: boolean,
  app: App,
  port: () => AppPort,
  logger: Logger,
): DevtoolsContext | undefined {
  if (!dev || option === false) return undefined;
  const maxEvents = option?.maxEvents ?? 200;
  if (!Number.isInteger(maxEvents) || maxEvents < 1) {
    throw new ServerError('INVALID_OPTION', `devtools.maxEvents must be a positive integer; got ${String(maxEvents)}.`);
  }
  return { app, port, logger, maxEvents, connects: new Map() };
}
