import type { App } from '@core/state';
import {
  type ClientToServerEvents,
  type PatchMessage,
  type ServerToClientEvents,
  WireEvent,
} from '@core/state/protocol';
import type { Server, Socket } from 'socket.io';
import type { EventAcks } from './eventAcks.js';
import type { SocketData } from './tokenHandshake.js';

type CoreIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type CoreSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * Sends each update to its token's room, but coalesces a burst for a page that cannot keep up:
 * once a socket has `maxBufferedPackets` packets waiting to be written, it gets no more patches;
 * when its buffer has drained it gets one fresh hydrate instead of the backlog. Memory per slow
 * page stays bounded, and the page ends up exactly where the server is.
 */
export class PatchSender {
  readonly #io: CoreIo;
  readonly #app: App;
  readonly #acks: EventAcks;
  readonly #maxBufferedPackets: number;
  readonly #behind = new WeakSet<CoreSocket>();

  constructor(io: CoreIo, app: App, acks: EventAcks, maxBufferedPackets: number) {
    this.#io = io;
    this.#app = app;
    this.#acks = acks;
    this.#maxBufferedPackets = maxBufferedPackets;
  }

  /**
   * Emits `update` of document `key` to its room (a tab's token, or a shared document's key:
   * then with its `source`), skipping this process's sockets that are behind.
   */
  send(key: string, update: PatchMessage): void {
    const token = key;
    const members = this.#io.sockets.adapter.rooms.get(token);
    let skip: string[] | undefined;
    if (members) {
      for (const id of members) {
        const socket = this.#io.sockets.sockets.get(id);
        if (!socket) continue;
        if (this.isBehind(socket)) (skip ??= []).push(id);
        // The update that ends a socket's event is that event's ack (no separate message).
        else if (update.eventId !== undefined) this.#acks.carriedBy(socket, update.eventId);
      }
    }
    // One encoding for the whole room; with the Redis adapter it reaches other processes too.
    (skip ? this.#io.to(token).except(skip) : this.#io.to(token)).emit(WireEvent.patch, update);
  }

  /**
   * True while `socket` has `maxBufferedPackets` packets waiting to be written: it gets nothing
   * more until its buffer drains, and then one fresh hydrate.
   */
  isBehind(socket: CoreSocket): boolean {
    if (this.#behind.has(socket)) return true;
    const buffered = (socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
    if (buffered < this.#maxBufferedPackets) return false;
    this.#behind.add(socket);
    socket.conn.once('drain', () => {
      // Let patches flow again first: one that lands before the hydrate shows the page a gap,
      // and the page resyncs on its own; none is lost.
      this.#behind.delete(socket);
      const token = socket.data.token;
      this.#app.hydrate(token).then(
        ({ seq, epoch, state }) => socket.emit(WireEvent.hydrate, { token, seq, epoch, state }),
        (error: unknown) => this.#app.logger.error('Resyncing a slow page failed', { token, error }),
      );
    });
    return true;
  }
}
