import { randomBytes } from 'node:crypto';
import type { Logger } from '@core/state';
import { type AppPort, type PresenceChange, sourceOf } from '@core/state/internal';
import { type PresenceWatchAnswer, WireEvent } from '@core/state/protocol';
import type { CoreIo, CoreSocket } from './socketServer.js';

/** Lists one page may watch at once. */
const MAX_WATCHES = 16;
/** The socket.io room of the pages watching the presence list of `key`. */
const watchRoom = (key: string) => `presence:${key}`;

/**
 * Presence on the transport's side: a page is in the presence list of every document whose room it
 * is in — its tab's token, `@app`, its session, its rooms — so the adapter's own `join-room` and
 * `leave-room` events (local sockets only, whoever asked: a `followLinks` on another process
 * included) tell the runtime. Each socket gets a random presence id (pages never see tokens or
 * socket ids of others). Returns the listener's `presence` callback: a change goes to the room of the
 * pages watching its list, on every process.
 */
export function attachPresenceRooms(io: CoreIo, port: () => AppPort): (change: PresenceChange) => void {
  const adapter = io.of('/').adapter;
  const tracked = (room: string, sid: string) => room !== sid && !room.startsWith('presence:');
  adapter.on('join-room', (room: string, sid: string) => {
    const socket = io.of('/').sockets.get(sid);
    if (!socket || !tracked(room, sid)) return;
    if (!room.startsWith('@') && room !== socket.data.token) return;
    socket.data.presenceId ??= randomBytes(9).toString('base64url');
    port().presence.enter(socket.data.presenceId, socket.data.token, room, sid);
  });
  adapter.on('leave-room', (room: string, sid: string) => {
    // During a disconnect the socket leaves every room before the namespace drops it.
    const id = io.of('/').sockets.get(sid)?.data.presenceId;
    if (id && tracked(room, sid)) port().presence.exit(id, room);
  });
  return (change) => {
    const { version, kind, entry } = change;
    io.to(watchRoom(change.key)).emit(WireEvent.presence, {
      source: sourceOf(change.key) ?? 'tab',
      change: { version, kind, entry: { id: entry.id, meta: entry.meta } },
    });
  };
}

/** Serves a page's `core:presence-watch` and `core:presence-set`. */
export function servePresence(socket: CoreSocket, port: AppPort, logger: Logger): void {
  const watching = new Map<string, string>();
  socket.on(WireEvent.presenceWatch, (message, ack) => {
    if (typeof ack !== 'function') return;
    const state = (message as { state?: unknown } | undefined)?.state;
    const refuse = (why: string) => ack({ ok: false, message: why });
    if (typeof state !== 'string' || state.length === 0 || state.length > 100) return refuse('not a state name');
    if (!watching.has(state) && watching.size >= MAX_WATCHES) return refuse(`at most ${MAX_WATCHES} lists per page`);
    void (async (): Promise<PresenceWatchAnswer> => {
      const key = await port.presence.keyOf(socket.data.token, state);
      if (key === undefined) return { ok: false, message: `no state "${state}"` };
      const before = watching.get(state);
      if (before !== key) {
        watching.set(state, key);
        // Joined before the list is read: a change made meanwhile arrives live (the page drops it
        // if the list has it already).
        await socket.join(watchRoom(key));
        if (before !== undefined && ![...watching.values()].includes(before)) await socket.leave(watchRoom(before));
      }
      const list = await port.presence.list(key);
      return {
        ok: true,
        source: sourceOf(key) ?? 'tab',
        list: {
          version: list.version,
          entries: list.entries.map((entry) => ({ id: entry.id, meta: entry.meta })),
          self: socket.data.presenceId,
        },
      };
    })().then(ack, (error: unknown) => {
      logger.warn('Answering a presence watch failed', { error });
      refuse('the presence list could not be read');
    });
  });
  socket.on(WireEvent.presenceSet, (message, ack) => {
    const id = socket.data.presenceId;
    const meta = (message as { meta?: unknown } | undefined)?.meta;
    let ok = id !== undefined;
    try {
      if (id) port.presence.set(id, meta as Record<string, unknown>);
    } catch (error) {
      ok = false;
      logger.debug('A page sent presence metadata that was refused', { error });
    }
    if (typeof ack === 'function') ack({ ok });
  });
}
