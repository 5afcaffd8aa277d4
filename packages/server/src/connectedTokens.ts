import type { App } from '@core/state';
import type { Server } from 'socket.io';
import type { CoreSocketServer } from './socketServer.js';
import type { SocketData } from './tokenHandshake.js';

/**
 * Gives the app its presence (which tabs are connected, on every process: the Redis adapter asks
 * the others) unless it has one, and tells `app.onTokensChange` listeners to look again every
 * `interval` ms: a process that died drops out at the next periodic check. Returns the timer.
 */
export function trackPresence(io: CoreSocketServer, app: App, interval: number): NodeJS.Timeout {
  if (!app.configured.has('presence')) {
    app.configure({
      presence: {
        tokens: async () => [...new Set((await io.fetchSockets()).map((socket) => (socket.data as SocketData).token))],
      },
    });
  }
  const presenceTimer = setInterval(() => app.tokensChanged(), interval);
  presenceTimer.unref();
  return presenceTimer;
}

/** Keeps the state of the tokens connected to this process from expiring while their pages are open. */
export function startTouching(io: Server, app: App, interval: number): NodeJS.Timeout | undefined {
  if (interval <= 0) return undefined;
  const timer = setInterval(() => {
    const tokens = new Set<string>();
    for (const socket of io.sockets.sockets.values()) tokens.add((socket.data as SocketData).token);
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
export async function tokenConnected(io: Server, token: string): Promise<boolean> {
  if ((io.sockets.adapter.rooms.get(token)?.size ?? 0) > 0) return true;
  return (await io.in(token).fetchSockets()).length > 0;
}
