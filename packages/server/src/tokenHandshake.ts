import { type ConnectAuth, WireEvent } from '@core/state/protocol';
import type { Server, Socket } from 'socket.io';
import type { TokenSigner } from './tokenSigner.js';

/** What the handshake leaves on `socket.data`. */
export interface SocketData {
  /** The token this socket serves; taken from the connection, never from an event. */
  token: string;
  /** The page instance (random per page load), if the page sent one. */
  instance: string | undefined;
  /** Set for a duplicated tab: the token whose state the new token starts from. */
  copyFrom?: string;
}

/**
 * Socket.io middleware that settles each connection's token. The page's token is kept when its
 * signature is valid and no other live page uses it; otherwise a new signed token is issued (a
 * first visit, a forged token, or a duplicated tab, which thus gets its own copy of the state).
 * Live sockets already holding the token are probed: one from the same page instance (a
 * reconnect racing its own stale socket) is dropped; one from another instance keeps the token.
 * Sockets that do not answer within `probeTimeout` are treated as gone.
 */
export function createTokenHandshake(
  io: Server,
  signer: TokenSigner,
  probeTimeout: number,
): (socket: Socket, next: (error?: Error) => void) => void {
  return (socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as ConnectAuth;
    const instance = typeof auth.instance === 'string' && auth.instance.length <= 64 ? auth.instance : undefined;
    const data = socket.data as SocketData;
    data.instance = instance;
    if (!signer.verify(auth.token)) {
      data.token = signer.issue();
      next();
      return;
    }
    const token = auth.token;
    settle(io, token, instance, probeTimeout).then(
      (duplicate) => {
        data.token = duplicate ? signer.issue() : token;
        if (duplicate) data.copyFrom = token;
        next();
      },
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    );
  };
}

/**
 * True when another live page holds the token. Sockets of this very page instance (a reconnect
 * racing its own old socket, or React StrictMode's double mount) are dropped without waiting;
 * only sockets of other instances are probed.
 */
async function settle(io: Server, token: string, instance: string | undefined, timeout: number): Promise<boolean> {
  const sockets = await io.in(token).fetchSockets();
  if (sockets.length === 0) return false;
  let others = 0;
  for (const socket of sockets) {
    if (instance !== undefined && (socket.data as SocketData).instance === instance) socket.disconnect(true);
    else others += 1;
  }
  if (others === 0) return false;
  const answers = await probe(io, token, timeout);
  return answers.some((other) => other === undefined || other !== instance);
}

/** The instance ids of the live sockets in the token's room (on every process). */
function probe(io: Server, token: string, timeout: number): Promise<(string | undefined)[]> {
  return new Promise((resolve) => {
    io.to(token)
      .timeout(timeout)
      .emit(WireEvent.probe, (_error: unknown, responses: unknown[]) => {
        // A timeout still delivers the answers that came; silent sockets count as gone.
        resolve((responses ?? []).map((r) => (typeof r === 'string' ? r : undefined)));
      });
  });
}
