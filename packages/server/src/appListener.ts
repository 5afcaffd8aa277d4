import type { Logger } from '@core/state';
import type { AppListener, AppPort, ClientCallAnswer } from '@core/state/internal';
import { WireEvent } from '@core/state/protocol';
import { followLinks } from './followLinks.js';
import type { CoreIo } from './socketServer.js';
import type { UpdateSender } from './updateSender.js';

/**
 * What the app sends to its pages, on socket.io: each update to its document's room (through
 * `sender`), a session renew when a tab signed in or out, pages moved to their new shared
 * documents, failures not tied to a page's event, client actions and client calls. Actions and
 * calls go to the socket that fired the event (its id is a socket.io room, so this works across
 * processes with the Redis adapter) or to every socket of the token; a call takes the first
 * successful answer of the pages it reached.
 */
export function createAppListener(
  sockets: () => CoreIo,
  updates: () => UpdateSender,
  port: () => AppPort,
  logger: Logger,
): AppListener {
  return {
    update: (key, update, epoch) => updates().send(key, update, epoch),
    sessionRotated: (token) => {
      sockets().to(token).emit(WireEvent.session, { renew: true });
    },
    relinked: (token, links, previous) => {
      void followLinks(sockets(), port(), token, links, previous).catch((error: unknown) =>
        logger.error('Moving pages to their new shared documents failed', { token, error }),
      );
    },
    error: (token, error) => sockets().to(token).emit(WireEvent.error, error),
    action(token, delivery) {
      sockets()
        .to(delivery.target ?? token)
        .emit(WireEvent.action, { actions: delivery.actions });
    },
    call(token, request) {
      return new Promise<ClientCallAnswer>((resolve) => {
        sockets()
          .to(request.target ?? token)
          .timeout(request.timeout)
          .emit(
            WireEvent.call,
            { name: request.name, payload: request.payload },
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
    (answer.error.code === 'UNKNOWN_FUNCTION' || answer.error.code === 'FUNCTION_FAILED')
  );
}
