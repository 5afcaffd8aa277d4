import type { App, Logger } from '@core/state';
import {
  type AppListener,
  type AppPort,
  type ClientCallAnswer,
  type PresenceChange,
  patchMessage,
} from '@core/state/internal';
import { WireEvent } from '@core/state/protocol';
import type { StateUpdate } from '@core/state/types';
import { followLinks } from './followLinks.js';
import { isRenderTarget, type RenderActions } from './renderActions.js';
import type { SessionRenewals } from './sessionRenewals.js';
import type { CoreIo, CoreSocket } from './socketServer.js';

/**
 * Sends each update to its document's room (a tab's token, or a shared document's key: then with
 * its `source`), but coalesces a burst for a page that cannot keep up: once a socket has
 * `maxBufferedPackets` packets waiting to be written, it gets no more patches; when its buffer has
 * drained it gets one fresh hydrate instead of the backlog. Memory per slow page stays bounded,
 * and the page ends up exactly where the server is.
 */
export class UpdateSender {
  readonly #io: CoreIo;
  readonly #app: App;
  readonly #maxBufferedPackets: number;
  readonly #behind = new WeakSet<CoreSocket>();

  constructor(io: CoreIo, app: App, maxBufferedPackets: number) {
    this.#io = io;
    this.#app = app;
    this.#maxBufferedPackets = maxBufferedPackets;
  }

  /** Emits `update` of document `key` (of the document with this epoch), skipping this process's sockets that are behind. */
  send(key: string, update: StateUpdate, epoch: string): void {
    // The update's JSON, made once (and stored by the Redis manager's log), is what goes out.
    const message = patchMessage(update, key, epoch);
    const members = this.#io.sockets.adapter.rooms.get(key);
    let skip: string[] | undefined;
    if (members) {
      for (const id of members) {
        const socket = this.#io.sockets.sockets.get(id);
        if (socket && this.isBehind(socket)) (skip ??= []).push(id);
      }
    }
    // One encoding for the whole room; with the Redis adapter it reaches other processes too.
    (skip ? this.#io.to(key).except(skip) : this.#io.to(key)).emit(WireEvent.patch, message);
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
        ({ seq, epoch, state, floats }) =>
          socket.emit(WireEvent.hydrate, floats ? { token, seq, epoch, state, floats } : { token, seq, epoch, state }),
        (error: unknown) => this.#app.logger.error('Resyncing a slow page failed', { token, error }),
      );
    });
    return true;
  }
}

/**
 * What the app sends to its pages, on socket.io: each update to its document's room (through
 * `sender`), a session renew when a tab signed in or out (with the proof that lets that tab fetch
 * its new cookie), pages moved to their new shared documents, failures not tied to a page's event,
 * client actions and client calls. Actions and calls go to the socket that fired the event (its id
 * is a socket.io room, so this works across processes with the Redis adapter) or to every socket
 * of the token; a call takes the first successful answer of the pages it reached. Actions of
 * on-load events run by a server render go to that render (`renders`), which answers with them; a
 * call there fails at once (no page exists yet).
 */
export function createAppListener(
  sockets: () => CoreIo,
  updates: () => UpdateSender,
  port: () => AppPort,
  logger: Logger,
  renewals: () => SessionRenewals,
  renders?: RenderActions,
  presence?: (change: PresenceChange) => void,
): AppListener {
  return {
    presence,
    update: (key, update, epoch) => updates().send(key, update, epoch),
    sessionRotated: (token, from) => {
      sockets()
        .to(token)
        .emit(WireEvent.session, { renew: true, proof: renewals().issue(token, from) });
    },
    relinked: (token, links, previous) => {
      void followLinks(sockets(), port(), token, links, previous).catch((error: unknown) =>
        logger.error('Moving pages to their new shared documents failed', { token, error }),
      );
    },
    error: (token, error) => sockets().to(token).emit(WireEvent.error, error),
    action(token, delivery) {
      if (renders?.collect(delivery)) return;
      sockets()
        .to(delivery.target ?? token)
        .emit(WireEvent.action, { actions: delivery.actions });
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
        sockets()
          .to(request.target ?? token)
          .timeout(request.timeout)
          .emit(
            WireEvent.call,
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
