import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '@core/state';
import { appendMessage, ChatRoom } from './state/chatRoom';
import { roomNameProblem } from './state/roomName';

/** The most messages one request may add. */
const MAX_SEED = 5_000;

/** Appends `count` numbered messages to `room`, under its lock, sent to every page in it. */
export async function seed(app: App, room: string, count: number): Promise<void> {
  await app.modifyState({ scope: 'room', key: room }, async (tx) => {
    const state = await tx.get(ChatRoom);
    for (let n = 0; n < count; n++) appendMessage(state, 'seed', `Seeded message ${n}`);
  });
}

/**
 * `POST /_test/seed?room=<name>&count=<n>`: {@link seed} from outside any handler, as a webhook or
 * a job would. The browser specs use it for a long history (the server mounts it only with
 * `CHAT_TEST_ROUTES=1`).
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
    seed(app, room, count).then(
      () => res.end('ok'),
      (error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      },
    );
  };
}
