import type { Logger } from '@core/state';
import type { CoreSocket } from './socketServer.js';

/** What may wait to be written to one socket before the server stops reading from it. */
export interface WriteBounds {
  /** Packets in the socket's write buffer (`ServerOptions.maxBufferedPackets`). */
  readonly packets: number;
  /** Bytes the websocket holds that the network has not taken yet (`ServerOptions.maxBufferedBytes`). */
  readonly bytes: number;
}

/** The parts of engine.io's connection and of its websocket (`ws`) this reads; none are typed publicly. */
interface EngineConnection {
  readonly writeBuffer: readonly unknown[];
  readonly transport: {
    readonly socket?: { pause?(): void; resume?(): void; readonly bufferedAmount?: number };
    on(event: 'drain', listener: () => void): void;
    off(event: 'drain', listener: () => void): void;
  };
  on(event: 'packet', listener: () => void): void;
}

/**
 * Bounds what the server queues for a socket that does not read what it is sent. Every message
 * the page sends may queue an answer (an ack, an error ack, a patch), so once the socket's write
 * buffer holds `bounds.packets` packets or its websocket `bounds.bytes` bytes, the server stops
 * reading from it (the network's own flow control then holds the page's messages back) until it
 * has read what was sent: the websocket is paused, and resumed when a write completes with the
 * queue under its bounds again. A page that never reads also stops answering the heartbeat (its
 * pongs are not read either), and socket.io closes it after `pingInterval` + `pingTimeout`. A
 * transport that cannot pause is disconnected instead. Each socket is logged once, the first
 * time it is paused.
 */
export function pauseWhenBehind(socket: CoreSocket, bounds: WriteBounds, logger: Logger): void {
  const conn = socket.conn as unknown as EngineConnection;
  const { transport } = conn;
  const websocket = transport.socket;
  let paused = false;
  let logged = false;
  const queued = () => ({ packets: conn.writeBuffer.length, bytes: websocket?.bufferedAmount ?? 0 });
  const over = ({ packets, bytes }: { packets: number; bytes: number }) =>
    packets >= bounds.packets || bytes >= bounds.bytes;
  const caughtUp = () => {
    if (over(queued())) return;
    transport.off('drain', caughtUp);
    paused = false;
    websocket?.resume?.();
  };
  conn.on('packet', () => {
    if (paused) return;
    const now = queued();
    if (!over(now)) return;
    if (!logged) {
      logged = true;
      logger.warn('A page stopped reading what it is sent; its messages wait until it catches up', {
        token: socket.data.token,
        ...now,
      });
    }
    if (typeof websocket?.pause !== 'function') {
      socket.disconnect(true);
      return;
    }
    paused = true;
    websocket.pause();
    transport.on('drain', caughtUp);
  });
}
