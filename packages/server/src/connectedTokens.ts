import type { App } from '@core/state';
import type { Presence } from '@core/state/internal';
import type { CoreIo } from './socketServer.js';

/** Which tabs are connected, on every process: socket.io's sockets (the Redis adapter asks the others). */
export function socketPresence(io: CoreIo): Presence {
  return { tokens: async () => [...new Set((await io.fetchSockets()).map((socket) => socket.data.token))] };
}

/**
 * Keeps the documents that pages connected to this process show from expiring while they are
 * open: each tab's own, and the shared ones (session, rooms, app) whose rooms their sockets are in.
 */
export function startTouching(io: CoreIo, app: App, interval: number): NodeJS.Timeout | undefined {
  if (interval <= 0) return undefined;
  const timer = setInterval(() => {
    const tokens = new Set<string>();
    for (const socket of io.sockets.sockets.values()) tokens.add(socket.data.token);
    // A socket is in the room of each shared document its page shows, named after its key.
    for (const room of io.sockets.adapter.rooms.keys()) if (room.startsWith('@')) tokens.add(room);
    if (tokens.size === 0) return;
    app.stateManager
      .touch?.([...tokens])
      .catch((error: unknown) => app.logger.warn('Refreshing live tokens failed', { error }));
  }, interval);
  timer.unref();
  return timer;
}

/**
 * True while a page of `token` is connected: to this process (no round trip), else to any other
 * (the Redis adapter asks them). What an upload checks before and while it runs.
 */
export async function tokenConnected(io: CoreIo, token: string): Promise<boolean> {
  if ((io.sockets.adapter.rooms.get(token)?.size ?? 0) > 0) return true;
  return (await io.in(token).fetchSockets()).length > 0;
}
