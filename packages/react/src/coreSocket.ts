import type { ClientToServerEvents, ConnectAuth, ServerToClientEvents } from '@core/state/protocol';
import { io, type Socket } from 'socket.io-client';

/** The page's socket, typed with the wire protocol. */
export type CoreSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Creates the page's socket.io connection to `url` (this page's origin when undefined): websocket
 * only, not connected yet. `auth` gives the handshake's auth each time it connects.
 */
export function createCoreSocket(
  url: string | undefined,
  path: string | undefined,
  auth: (send: (auth: ConnectAuth) => void) => void,
): CoreSocket {
  const options = { path, transports: ['websocket'], autoConnect: false, auth };
  return (url ? io(url, options) : io(options)) as CoreSocket;
}

/** The same socket without the protocol's types, for tools that speak events of their own. */
export function untyped(socket: CoreSocket): Socket {
  return socket as unknown as Socket;
}
