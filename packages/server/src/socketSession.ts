import type { App, ErrorReport, Logger, StateError } from '@core/state';
import type { ClientToServerEvents, EventAck, ServerToClientEvents } from '@core/state/protocol';
import type { Socket } from 'socket.io';
import { isErrorReport, parseEventMessage } from './eventMessage.js';
import type { SocketData } from './tokenHandshake.js';

type CoreSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** What a socket session needs from its server. */
export interface SessionContext {
  app: App;
  logger: Logger;
  /** Largest event payload accepted, in bytes of JSON. */
  maxPayloadBytes: number;
  /** Events of this page that may wait or run at once. */
  maxEventsInFlight: number;
}

/**
 * Serves one connected page: joins the token's room (every update for the token is emitted there),
 * sends the hydrate, runs the page's events with acks, answers resyncs. Bad input gets an error ack
 * and changes nothing.
 */
export function attachSocketSession(socket: CoreSocket, context: SessionContext): void {
  const { app, logger } = context;
  const token = socket.data.token;
  // Join before reading the state: an update committed in between reaches the page as a patch
  // whose seq the page drops or applies against the hydrate it gets.
  void socket.join(token);

  let stored = storedValuesOf(socket.handshake.auth);
  let copied: Promise<void> | undefined = socket.data.copyFrom ? app.copyState(socket.data.copyFrom, token) : undefined;
  const sendHydrate = async () => {
    if (copied) {
      await copied;
      copied = undefined;
    }
    if (stored) {
      // Values from the browser's storage count before anything reads the state (issue 13).
      const values = stored;
      stored = undefined;
      await app.applyStoredValues(token, values);
    }
    const { seq, state } = await app.hydrate(token);
    const storage = app.storageBindings;
    return storage.length > 0 ? { token, seq, state, storage } : { token, seq, state };
  };
  sendHydrate().then(
    (message) => socket.emit('core:hydrate', message),
    (error) => {
      logger.error('Hydrating a page failed', { token, error });
      socket.emit('core:error', reportOf(error));
    },
  );

  let inFlight = 0;
  socket.on('core:event', (raw, ack) => {
    // With a socket.io ack callback the outcome goes there; without one (the browser client), the
    // update that ends the handler carries the event's id, and `core:ack` covers the rest.
    const viaCallback = typeof ack === 'function';
    const reply = (result: EventAck, id?: string) => {
      if (viaCallback) ack(result);
      else if (id !== undefined) socket.emit('core:ack', { ...result, id });
    };
    const message = parseEventMessage(raw, context);
    if (isErrorReport(message)) {
      reply({ ok: false, error: message }, rawId(raw));
      return;
    }
    const { id } = message;
    if (inFlight >= context.maxEventsInFlight) {
      reply({ ok: false, error: overloaded(context.maxEventsInFlight) }, id);
      return;
    }
    let awaiting: Map<string, boolean> | undefined;
    if (!viaCallback) {
      awaiting = socket.data.awaitingAck ??= new Map();
      awaiting.set(id, false);
    }
    inFlight += 1;
    // The id also makes a resend (after a lost ack) a no-op: the app keeps recent ids with the state.
    app
      .dispatch(
        token,
        { state: message.state, name: message.name, payload: message.payload },
        { origin: 'client', id, source: socket.id },
      )
      .then(
        () => {
          inFlight -= 1;
          const carried = awaiting?.get(id) === true;
          awaiting?.delete(id);
          if (!carried) reply({ ok: true }, id);
        },
        (error: unknown) => {
          inFlight -= 1;
          awaiting?.delete(id);
          reply({ ok: false, error: reportOf(error, app.dev) }, id);
        },
      );
  });

  // Another tab changed a synced storage var: the value goes through the same checks as on connect.
  socket.on('core:stored', (message) => {
    const values = storedValuesOf(message && { stored: (message as { values?: unknown }).values });
    if (!values) return;
    app
      .applyStoredValues(token, values)
      .catch((error) => logger.error('Applying stored values failed', { token, error }));
  });

  socket.on('core:resync', (ack) => {
    if (typeof ack !== 'function') return;
    sendHydrate().then(ack, (error) => {
      logger.error('Resyncing a page failed', { token, error });
      socket.emit('core:error', reportOf(error));
    });
  });
}

/** The `stored` values of a handshake or message, if they are a plain object (checked in full by the app). */
function storedValuesOf(auth: unknown): Record<string, unknown> | undefined {
  const stored = (auth as { stored?: unknown } | null | undefined)?.stored;
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return undefined;
  return Object.keys(stored).length > 0 ? (stored as Record<string, unknown>) : undefined;
}

function overloaded(limit: number): ErrorReport {
  return {
    code: 'OVERLOADED',
    message: `[core/server] This page has ${limit} events waiting or running already; wait for some to finish before sending more.`,
  };
}

/** The id of a malformed event, when it has a usable one (so the page can settle it). */
function rawId(raw: unknown): string | undefined {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : undefined;
}

function reportOf(error: unknown, dev = false): ErrorReport {
  const stateError = error as Partial<StateError>;
  if (typeof stateError?.code === 'string') {
    // Handler failures were already reported to the page in detail; the ack repeats the code.
    const message =
      stateError.code === 'HANDLER_ERROR' && !dev ? 'The handler failed.' : String(stateError.message ?? 'Failed.');
    return { code: stateError.code, message };
  }
  return { code: 'STORE_UNAVAILABLE', message: '[core/server] The server could not process the request.' };
}
