import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { App } from '@core/state';
import type { ClientToServerEvents, ServerToClientEvents } from '@core/state/protocol';
import { Server, type Socket, type ServerOptions as SocketServerOptions } from 'socket.io';
import { Decoder } from 'socket.io-parser';
import type { TrustProxy } from './clientAddress.js';
import type { ConnectionLimits } from './connectionLimits.js';
import { JsonEncoder } from './jsonEncoder.js';
import { readCookies } from './sessionCookie.js';
import { createTokenHandshake, type SocketData } from './tokenHandshake.js';
import type { TokenSigner } from './tokenSigner.js';
import { deliverWindowed } from './windowedDelivery.js';

/** The server's socket.io server, typed with the wire protocol (the one alias of it). */
export type CoreIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** A connected page's socket, typed with the wire protocol (the one alias of it). */
export type CoreSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * Bytes a `core:event` frame may carry besides its payload: the packet type, ack id, event name and
 * the `id`, `state` and `name` fields (at most 64 + 128 + 128 characters).
 */
const FRAME_OVERHEAD = 1_024;

/** What the socket server admits connections with. */
export interface SocketServerSetup {
  readonly app: App;
  readonly signer: TokenSigner;
  readonly limits: ConnectionLimits;
  readonly trustProxy: TrustProxy;
  /** The Origin check of a handshake (`originCheck.ts`). */
  readonly originAllowed: (req: IncomingMessage) => boolean;
  /** Largest event payload accepted, in bytes of JSON (`ServerOptions.maxPayloadBytes`). */
  readonly maxPayloadBytes: number;
  /** Passed to socket.io; its `allowRequest` runs after the Origin check. */
  readonly socket: Partial<SocketServerOptions> | undefined;
  /** `ServerOptions.authenticate`. */
  readonly authenticate: ((request: IncomingMessage, cookies: Record<string, string>) => unknown) | undefined;
}

/**
 * Creates the socket.io server on `httpServer` and the checks a connection passes before it is
 * served: websocket transport only, frames no larger than an event may be, the Origin check, the
 * token handshake (with the per-address limits) and the app's `authenticate` hook.
 */
export function createSocketServer(httpServer: HttpServer, setup: SocketServerSetup): CoreIo {
  const { app, signer, limits, trustProxy, originAllowed, maxPayloadBytes } = setup;
  const { allowRequest, ...socketOptions } = setup.socket ?? {};
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    // No long-polling: it needs sticky sessions behind a balancer and is a second, cookie-less way
    // in. The page (CoreClient) connects with the websocket transport only.
    transports: ['websocket'],
    // A frame is read whole before it is parsed: keep it to what an event may carry.
    maxHttpBufferSize: maxPayloadBytes + FRAME_OVERHEAD,
    serveClient: false,
    // The framework's messages skip the default encoder's search for binary data (same wire text).
    parser: { Encoder: JsonEncoder, Decoder },
    ...socketOptions,
    allowRequest: (req, callback) => {
      if (!originAllowed(req)) callback('Origin not allowed', false);
      else if (allowRequest) allowRequest(req, callback);
      else callback(null, true);
    },
  });
  deliverWindowed(io);
  io.use(createTokenHandshake({ io: io as unknown as Server, app, signer, limits, trustProxy }));
  const { authenticate } = setup;
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
  return io;
}
