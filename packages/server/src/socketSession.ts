import type { App, Logger } from '@core/state';
import {
  type ClientToServerEvents,
  type HydrateMessage,
  type ServerToClientEvents,
  WireEvent,
} from '@core/state/protocol';
import type { Socket } from 'socket.io';
import type { AckCallback, EventAcks } from './eventAcks.js';
import { isErrorReport, parseEventMessage } from './eventMessage.js';
import type { SocketData } from './tokenHandshake.js';
import { overloaded, reportOf } from './wireErrors.js';

type CoreSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** What a socket session needs from its server. */
export interface SessionContext {
  app: App;
  logger: Logger;
  acks: EventAcks;
  /** Largest event payload accepted, in bytes of JSON. */
  maxPayloadBytes: number;
  /** Events of this page that may wait or run at once. */
  maxEventsInFlight: number;
}

/**
 * Serves one connected page: joins the token's room (every update for the token is emitted there),
 * sends the hydrate, runs the page's events, answers resyncs. Bad input gets an error ack and
 * changes nothing; no failure here escapes as an unhandled rejection.
 */
export function attachSocketSession(socket: CoreSocket, context: SessionContext): void {
  const { app, logger, acks } = context;
  const token = socket.data.token;
  // Join before reading the state: an update committed in between reaches the page as a patch
  // whose seq the page drops or applies against the hydrate it gets.
  void socket.join(token);

  let stored = storedValuesOf(socket.handshake.auth);
  let copied: Promise<void> | undefined = socket.data.copyFrom ? app.copyState(socket.data.copyFrom, token) : undefined;
  const readHydrate = async (): Promise<HydrateMessage> => {
    if (copied) {
      await copied;
      copied = undefined;
    }
    if (stored) {
      // Values from the browser's storage count before anything reads the state.
      const values = stored;
      stored = undefined;
      await app.applyStoredValues(token, values);
    }
    const { seq, epoch, state } = await app.hydrate(token);
    const storage = app.storageBindings;
    return storage.length > 0 ? { token, seq, epoch, state, storage } : { token, seq, epoch, state };
  };
  const failed = (what: string) => (error: unknown) => {
    logger.error(`${what} failed`, { token, error });
    socket.emit(WireEvent.error, reportOf(error, app.dev));
  };
  readHydrate()
    .then((message) => socket.emit(WireEvent.hydrate, message))
    .catch(failed('Hydrating a page'));

  let inFlight = 0;
  socket.on(WireEvent.event, (raw, callback?: AckCallback) => {
    const ack = typeof callback === 'function' ? callback : undefined;
    const message = parseEventMessage(raw, context);
    if (isErrorReport(message)) {
      acks.fail(socket, rawId(raw), message, ack);
      return;
    }
    const { id } = message;
    if (inFlight >= context.maxEventsInFlight) {
      acks.fail(socket, id, overloaded(context.maxEventsInFlight), ack);
      return;
    }
    acks.begin(socket, id, ack);
    inFlight += 1;
    // The id also makes a resend (after a lost ack) a no-op: the app keeps recent ids with the state.
    app
      .dispatch(
        token,
        { state: message.state, name: message.name, payload: message.payload },
        { origin: 'client', id, source: socket.id },
      )
      .then(
        () => acks.succeed(socket, id, ack),
        (error: unknown) => acks.fail(socket, id, reportOf(error, app.dev), ack),
      )
      .catch(failed('Acknowledging an event'))
      .finally(() => {
        inFlight -= 1;
      });
  });

  // Another tab changed a synced storage var: the value goes through the same checks as on connect.
  socket.on(WireEvent.stored, (message) => {
    const values = storedValuesOf({ stored: (message as { values?: unknown } | null)?.values });
    if (values) app.applyStoredValues(token, values).catch(failed('Applying stored values'));
  });

  socket.on(WireEvent.resync, (callback) => {
    if (typeof callback !== 'function') return;
    readHydrate().then(callback).catch(failed('Resyncing a page'));
  });
}

/** The `stored` values of a handshake or message, if they are a plain object (checked in full by the app). */
function storedValuesOf(auth: unknown): Record<string, unknown> | undefined {
  const stored = (auth as { stored?: unknown } | null | undefined)?.stored;
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return undefined;
  return Object.keys(stored).length > 0 ? (stored as Record<string, unknown>) : undefined;
}

/** The id of a malformed event, when it has a usable one (so the page can settle it). */
function rawId(raw: unknown): string | undefined {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : undefined;
}
