import {
  type ClientToServerEvents,
  type EventAck,
  type ServerToClientEvents,
  type WireErrorReport,
  WireEvent,
} from '@core/state/protocol';
import type { Socket } from 'socket.io';
import type { SocketData } from './tokenHandshake.js';

type CoreSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The socket.io ack callback a client may pass with `core:event`. */
export type AckCallback = (result: EventAck) => void;

/**
 * Tells each page how its events ended, in one place. Three routes exist and this class picks one
 * per event:
 * - a page that passed a socket.io ack callback (Node clients, scripts, the e2e harness) gets its
 *   `EventAck` there;
 * - otherwise (the browser's `CoreClient`) the update that ends the handler carries the event's id
 *   — one frame per event — which `PatchSender` reports here through {@link carriedBy};
 * - an event that sent no update to this socket, or failed, is settled with `core:ack`.
 */
export class EventAcks {
  /** Per socket: ids of events in flight without a callback; true once an update carried the id. */
  readonly #awaiting = new WeakMap<CoreSocket, Map<string, boolean>>();

  /** Notes that `socket` sent event `id`; call once per accepted event. */
  begin(socket: CoreSocket, id: string, callback: AckCallback | undefined): void {
    if (callback) return;
    let awaiting = this.#awaiting.get(socket);
    if (!awaiting) this.#awaiting.set(socket, (awaiting = new Map()));
    awaiting.set(id, false);
  }

  /** Called for each socket that is sent an update ending event `eventId`: that update is its ack. */
  carriedBy(socket: CoreSocket, eventId: string): void {
    const awaiting = this.#awaiting.get(socket);
    if (awaiting?.has(eventId)) awaiting.set(eventId, true);
  }

  /** The event succeeded: ack it unless the update that ended it already did. */
  succeed(socket: CoreSocket, id: string, callback: AckCallback | undefined): void {
    if (callback) {
      callSafely(callback, OK);
      return;
    }
    const awaiting = this.#awaiting.get(socket);
    const carried = awaiting?.get(id) === true;
    awaiting?.delete(id);
    if (!carried) socket.emit(WireEvent.ack, { ok: true, id });
  }

  /** The event failed or was refused (`id` undefined when the message had no usable id). */
  fail(socket: CoreSocket, id: string | undefined, error: WireErrorReport, callback: AckCallback | undefined): void {
    if (callback) {
      callSafely(callback, { ok: false, error });
      return;
    }
    if (id === undefined) return;
    this.#awaiting.get(socket)?.delete(id);
    socket.emit(WireEvent.ack, { ok: false, error, id });
  }
}

const OK: EventAck = { ok: true };

function callSafely(callback: AckCallback, result: EventAck): void {
  try {
    callback(result);
  } catch {
    // A disconnected socket's callback may throw; there is nobody left to tell.
  }
}
