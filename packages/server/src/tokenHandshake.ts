import type { App } from '@core/state';
import type { PageWindows } from '@core/state/collections';
import type { ConnectAuth } from '@core/state/protocol';
import type { Server, Socket } from 'socket.io';
import { clientAddress, type TrustProxy } from './clientAddress.js';
import type { ConnectionLimits } from './connectionLimits.js';
import { readSession } from './sessionCookie.js';
import type { TokenSigner } from './tokenSigner.js';

/** What the handshake leaves on `socket.data`. */
export interface SocketData {
  /** The token this socket serves; taken from the connection, never from an event. */
  token: string;
  /** The page instance (random per page load), if the page sent one. */
  instance: string | undefined;
  /** Set for a duplicated tab: the token whose state the new token starts from. */
  copyFrom?: string;
  /** Settles once the stored values the page sent with its handshake are applied (or refused). */
  storedApplied?: Promise<void>;
  /** The client's address (see `trustProxy`). */
  address: string;
  /** The browser session from the page's signed `core_session` cookie, if any. */
  session?: string;
  /** What the server's `authenticate` hook returned for the connection's request. */
  user?: unknown;
  /** The page's id in presence lists: random, set when it first enters one. */
  presenceId?: string;
  /** What this process knows of the page's collection windows (see `WindowChannel`). */
  windows?: PageWindows;
}

/** What the handshake needs from its server. */
export interface HandshakeContext {
  readonly io: Server;
  readonly app: App;
  readonly signer: TokenSigner;
  readonly limits: ConnectionLimits;
  readonly trustProxy: TrustProxy;
}

/**
 * Socket.io middleware that settles each connection's token. The page's token is kept when its
 * signature is valid and no other live page uses it; otherwise a new signed token is issued (a
 * first visit, a forged token, or a duplicated tab, which thus gets its own copy of the state).
 *
 * Claiming a token is atomic, across processes too: the check of the token's room and the join
 * run under a claim lock of the state manager (the key `<token>#claim`), so two handshakes with
 * one token at the same moment cannot both find the room empty. A live socket of this very page
 * instance (a reconnect racing its own old socket) is dropped; a live socket of another instance
 * keeps the token — answering or not (a frozen background tab still owns its token).
 */
export function createTokenHandshake(
  context: HandshakeContext,
): (socket: Socket, next: (error?: Error) => void) => void {
  const { io, app, signer, limits } = context;
  return (socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as ConnectAuth;
    const instance = typeof auth.instance === 'string' && auth.instance.length <= 64 ? auth.instance : undefined;
    const address = clientAddress(socket.handshake.address, socket.handshake.headers, context.trustProxy);
    const data = socket.data as SocketData;
    data.instance = instance;
    data.address = address;
    data.session = readSession(socket.handshake.headers, signer);
    const refusedConnection = limits.openConnection(address);
    if (refusedConnection) {
      next(refusal(refusedConnection));
      return;
    }
    let counted = true;
    const fail = (error: Error) => {
      if (counted) limits.closeConnection(address);
      counted = false;
      next(error);
    };
    socket.once('disconnect', () => {
      if (counted) limits.closeConnection(address);
      counted = false;
    });
    const issue = (copyFrom?: string): boolean => {
      const refusedToken = limits.issueToken(address);
      if (refusedToken) {
        fail(refusal(refusedToken));
        return false;
      }
      data.token = signer.issue();
      if (copyFrom) data.copyFrom = copyFrom;
      return true;
    };
    if (!signer.verify(auth.token)) {
      if (!issue()) return;
      void socket.join(data.token);
      next();
      return;
    }
    const token = auth.token;
    claim(io, app, token, instance, socket).then(
      (claimed) => {
        if (claimed) data.token = token;
        else if (issue(token)) void socket.join(data.token);
        else return;
        next();
      },
      (error: unknown) => fail(error instanceof Error ? error : new Error(String(error))),
    );
  };
}

/**
 * Under the token's claim lock: drops this instance's stale sockets, and joins the room unless a
 * socket of another instance is live in it. True when the token is this socket's.
 */
async function claim(
  io: Server,
  app: App,
  token: string,
  instance: string | undefined,
  socket: Socket,
): Promise<boolean> {
  const lease = await app.stateManager.lock(`${token}#claim`);
  try {
    const sockets = await io.in(token).fetchSockets();
    let others = 0;
    for (const other of sockets) {
      if (instance !== undefined && (other.data as SocketData).instance === instance) other.disconnect(true);
      else others += 1;
    }
    if (others > 0) return false;
    await socket.join(token);
    return true;
  } finally {
    await lease.release();
  }
}

function refusal(reason: string): Error {
  const error = new Error(`[core/server] Connection refused: ${reason}.`) as Error & { data?: unknown };
  error.data = { code: 'OVERLOADED' };
  return error;
}
