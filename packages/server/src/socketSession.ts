import type { App, ErrorReport, Logger, StateError } from '@core/state';
import type { ClientToServerEvents, EventAck, ServerToClientEvents } from '@core/state/protocol';
import type { Socket } from 'socket.io';
import { isErrorReport, parseEventMessage } from './eventMessage.js';
import { RecentEvents } from './recentEvents.js';
import type { SocketData } from './tokenHandshake.js';

type CoreSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** What a socket session needs from its server. */
export interface SessionContext {
  app: App;
  logger: Logger;
  maxPayloadBytes: number;
  recent?: RecentEvents;
}

const sharedRecent = new RecentEvents();

/**
 * Serves one connected page: joins the token's room (every update for the token is emitted there),
 * sends the hydrate, runs the page's events with acks, answers resyncs. Bad input gets an error ack
 * and changes nothing.
 */
export function attachSocketSession(socket: CoreSocket, context: SessionContext): void {
  const { app, logger } = context;
  const recent = context.recent ?? sharedRecent;
  const token = socket.data.token;
  // Join before reading the state: an update committed in between reaches the page as a patch
  // whose seq the page drops or applies against the hydrate it gets.
  void socket.join(token);

  let copied: Promise<void> | undefined = socket.data.copyFrom ? app.copyState(socket.data.copyFrom, token) : undefined;
  const sendHydrate = async () => {
    if (copied) {
      await copied;
      copied = undefined;
    }
    const { seq, state } = await app.hydrate(token);
    return { token, seq, state };
  };
  sendHydrate().then(
    (message) => socket.emit('core:hydrate', message),
    (error) => {
      logger.error('Hydrating a page failed', { token, error });
      socket.emit('core:error', reportOf(error));
    },
  );

  socket.on('core:event', (raw, ack) => {
    const reply = typeof ack === 'function' ? ack : () => {};
    const message = parseEventMessage(raw, context);
    if (isErrorReport(message)) {
      reply({ ok: false, error: message });
      return;
    }
    if (!recent.add(token, message.id)) {
      reply({ ok: true }); // a resend of an event already run
      return;
    }
    app
      .dispatch(token, { state: message.state, name: message.name, payload: message.payload }, { origin: 'client' })
      .then(
        () => reply({ ok: true } satisfies EventAck),
        (error: unknown) => reply({ ok: false, error: reportOf(error, app.dev) }),
      );
  });

  socket.on('core:resync', (ack) => {
    if (typeof ack !== 'function') return;
    sendHydrate().then(ack, (error) => {
      logger.error('Resyncing a page failed', { token, error });
      socket.emit('core:error', reportOf(error));
    });
  });
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
