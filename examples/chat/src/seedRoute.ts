import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '@core/state';
import { appendMessage, ChatRoom } from './state/chatRoom';
import { roomNameProblem } from './state/roomName';

/** The most messages one request may add. */
const MAX_SEED = 5_000;

/**
 * `POST /_test/seed?room=<name>&count=<n>` appends n numbered messages to a room, as `app.modifyState`
 * does from any webhook or job: under the room's lock, sent to every page in it. The browser tests
 * use it (the server mounts it only with `CHAT_TEST_ROUTES=1`) to have a long history at once.
 */
export function seedRoute(app: App) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'POST' || url.pathname !== '/_test/seed') return next();
    const room = url.searchParams.get('room') ?? '';
    const count = Number(url.searchParams.get('count'));
    const problem =
      roomNameProblem(room) ??
      (Number.isInteger(count) && count > 0 && count <= MAX_SEED ? undefined : `count must be 1 to ${MAX_SEED}.`);
    if (problem) {
      res.statusCode = 400;
      res.end(problem);
      return;
    }
    app
      .modifyState({ scope: 'room', key: room }, async (tx) => {
        const state = await tx.get(ChatRoom);
        for (let n = 0; n < count; n++) appendMessage(state, 'seed', `Seeded message ${n}`);
      })
      .then(
        () => res.end('ok'),
        (error: unknown) => {
          res.statusCode = 500;
          res.end(String(error));
        },
      );
  };
}
