import type { AppListener, ClientCallAnswer } from '@core/state';
import type { ClientToServerEvents, ServerToClientEvents } from '@core/state/protocol';
import type { Server } from 'socket.io';
import { isRenderTarget, type RenderActions } from './renderActions.js';
import type { SocketData } from './tokenHandshake.js';

type CoreIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * Carries client actions and client calls from the app to pages: to the socket that fired the
 * event (its id is a socket.io room, so this works across processes with the Redis adapter), or
 * to every socket of the token. A call takes the first successful answer of the pages it reached.
 * Actions of on-load events run by a server render go to that render (`renders`), which answers
 * with them; a call there fails at once (no page exists yet).
 */
export function createClientRelay(io: CoreIo, renders?: RenderActions): AppListener {
  return {
    action(token, delivery) {
      if (renders?.collect(delivery)) return;
      io.to(delivery.target ?? token).emit('core:action', { actions: delivery.actions });
    },
    call(token, request) {
      if (isRenderTarget(request.target)) {
        return Promise.resolve({
          ok: false,
          error: {
            code: 'NO_PAGE',
            message:
              'an on-load event runs during the server render, before the page is live: call the client from an event the page fires',
          },
        });
      }
      return new Promise<ClientCallAnswer>((resolve) => {
        io.to(request.target ?? token)
          .timeout(request.timeout)
          .emit(
            'core:call',
            { name: request.name, payload: request.payload, maxBytes: request.maxBytes },
            (error: unknown, responses: unknown[]) => {
              const answers = (responses ?? []).filter(isAnswer);
              const answer = answers.find((a) => a.ok) ?? answers[0];
              if (answer) resolve(answer);
              else if (error) {
                resolve({
                  ok: false,
                  error: { code: 'TIMEOUT', message: `no page answered within ${request.timeout} ms` },
                });
              } else resolve({ ok: false, error: { code: 'NO_PAGE', message: 'no page of this tab is connected' } });
            },
          );
      });
    },
  };
}

/** Pages are untrusted: only a well-formed answer counts. */
function isAnswer(value: unknown): value is ClientCallAnswer {
  if (typeof value !== 'object' || value === null) return false;
  const answer = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (answer.ok === true) return true;
  return (
    answer.ok === false &&
    typeof answer.error?.message === 'string' &&
    (answer.error.code === 'UNKNOWN_FUNCTION' ||
      answer.error.code === 'FUNCTION_FAILED' ||
      answer.error.code === 'TOO_LARGE')
  );
}
