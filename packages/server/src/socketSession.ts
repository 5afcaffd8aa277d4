import type { App, EventOrder, Logger } from '@core/state';
import {
  type ClientToServerEvents,
  type ConnectAuth,
  type HydrateMessage,
  isReplayMessage,
  type ReplayMessage,
  type ResyncAck,
  type ResyncRequest,
  type ServerToClientEvents,
  WireEvent,
} from '@core/state/protocol';
import type { Socket } from 'socket.io';
import type { AckCallback, EventAcks } from './eventAcks.js';
import { isErrorReport, parseEventMessage } from './eventMessage.js';
import { leaveOutKept, missingStatesOf } from './keptStates.js';
import type { PatchSender } from './patchSender.js';
import type { SocketData } from './tokenHandshake.js';
import { overloaded, reportOf } from './wireErrors.js';

type CoreSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** What a socket session needs from its server (one object shared by every session). */
export interface SessionContext {
  app: App;
  logger: Logger;
  acks: EventAcks;
  patches: PatchSender;
  /** Events in flight per token on this process, all of its sockets together. */
  inFlight: Map<string, number>;
  /** Largest event payload accepted, in bytes of JSON. */
  maxPayloadBytes: number;
  /** Deepest nesting accepted in an event payload. */
  maxPayloadDepth: number;
  /** Events of one token that may wait or run at once. */
  maxEventsInFlight: number;
  /** Resyncs one socket may get per 10 s. */
  maxResyncsPer10s: number;
}

const RESYNC_WINDOW = 10_000;

/**
 * Serves one connected page: sends the hydrate, runs the page's events, answers resyncs. Bad
 * input gets an error ack and changes nothing; no failure here escapes as an unhandled rejection.
 * The handshake has joined the token's room (every update for the token is emitted there) before
 * the state is read, so an update committed in between reaches the page as a patch it drops or
 * applies against the hydrate it gets.
 */
export function attachSocketSession(socket: CoreSocket, context: SessionContext): void {
  const { app, logger, acks } = context;
  const token = socket.data.token;
  void socket.join(token);
  // The runtime cancels a token's tasks once no page of it was connected for its grace period.
  socket.once('disconnect', app.pageConnected(token));

  let copied: Promise<void> | undefined = socket.data.copyFrom ? app.copyState(socket.data.copyFrom, token) : undefined;
  // Values from the browser's storage count before anything reads the state: the hydrate waits
  // for them, and so does the page's first navigation (its on-load events).
  const stored = storedValuesOf(socket.handshake.auth);
  const storedApplied = stored
    ? (async () => {
        if (copied) await copied;
        await app.applyStoredValues(token, stored);
      })()
    : undefined;
  socket.data.storedApplied = storedApplied?.then(
    () => undefined,
    () => undefined,
  );
  let pendingStored = storedApplied;
  // `keep`: the page holds every state but `missing` as of `since` (a partial server render).
  const readHydrate = async (keep?: { since: ResyncRequest; missing: readonly string[] }): Promise<HydrateMessage> => {
    if (copied) {
      await copied;
      copied = undefined;
    }
    if (pendingStored) {
      const applying = pendingStored;
      pendingStored = undefined;
      await applying;
    }
    if (socket.data.session !== undefined) await app.linkSession(token, socket.data.session);
    const { keys, ...hydration } = await app.hydrateWithKeys(token);
    // The shared documents this tab shows: their updates go to rooms named after their keys.
    for (const room of socket.rooms) if (room.startsWith('@') && !keys.includes(room)) void socket.leave(room);
    for (const key of keys) void socket.join(key);
    const storage = app.storageBindings;
    const message: HydrateMessage = storage.length > 0 ? { token, ...hydration, storage } : { token, ...hydration };
    return keep ? leaveOutKept(message, keep.since, keep.missing) : message;
  };
  // What the page missed, from the replay log, when it says where it stands and the log covers
  // it; a hydrate otherwise. Updates committed after the room join reach the page twice at most
  // (here and live), and it applies each `seq` once.
  const catchUp = async (
    since: ResyncRequest | undefined,
    missing?: readonly string[],
  ): Promise<HydrateMessage | ReplayMessage> => {
    // A page that lacks states (its server render left them out) needs them: a hydrate without
    // the states it holds unchanged, instead of a replay.
    if (since && missing && !copied) return readHydrate({ since, missing });
    if (since && !copied) {
      if (pendingStored) {
        // The browser's stored values count first, as for a hydrate; their update is replayed.
        const applying = pendingStored;
        pendingStored = undefined;
        await applying;
      }
      // Join the rooms of the shared documents the page shows before reading their logs, so an
      // update committed meanwhile reaches it live; a hydrate puts the rooms right otherwise.
      for (const source of Object.keys(since.shared ?? {})) {
        const key = source === '@session' ? `@session:${socket.data.session}` : source;
        if (source !== '@session' || socket.data.session !== undefined) await socket.join(key);
      }
      const replayed = await app.replay(token, since, { session: socket.data.session });
      if (replayed) {
        for (const room of socket.rooms)
          if (room.startsWith('@') && !replayed.keys.includes(room)) void socket.leave(room);
        return { token, epoch: since.epoch, updates: replayed.updates };
      }
    }
    return readHydrate();
  };
  const failed = (what: string) => (error: unknown) => {
    logger.error(`${what} failed`, { token, error }); // the server's logger redacts tokens
    socket.emit(WireEvent.error, reportOf(error, app.dev));
  };
  const auth = socket.handshake.auth as ConnectAuth | undefined;
  catchUp(auth?.token === token ? resyncRequestOf(auth) : undefined, missingStatesOf(auth))
    .then((message) =>
      isReplayMessage(message) ? socket.emit(WireEvent.replay, message) : socket.emit(WireEvent.hydrate, message),
    )
    .catch(failed('Hydrating a page'));

  socket.on(WireEvent.event, (raw, callback?: AckCallback) => {
    const ack = typeof callback === 'function' ? callback : undefined;
    const message = parseEventMessage(raw, context);
    if (isErrorReport(message)) {
      acks.fail(socket, rawId(raw), message, ack);
      return;
    }
    const { id } = message;
    const inFlight = context.inFlight.get(token) ?? 0;
    if (inFlight >= context.maxEventsInFlight) {
      acks.fail(socket, id, overloaded(context.maxEventsInFlight), ack);
      return;
    }
    acks.begin(socket, id, ack);
    context.inFlight.set(token, inFlight + 1);
    const event = { state: message.state, name: message.name, payload: message.payload };
    // The id (and the page's numbering) makes a resend after a lost ack a no-op, on any process.
    app
      .dispatch(token, event, {
        origin: 'client',
        id,
        order: orderOf(id, socket.data.instance),
        user: socket.data.user,
        page: socket.id,
      })
      .then(
        () => settle(() => acks.succeed(socket, id, ack)),
        (error: unknown) => settle(() => acks.fail(socket, id, reportOf(error, app.dev), ack)),
      );
  });
  // One continuation per event (no catch/finally chain): count it out, then acknowledge.
  const settle = (acknowledge: () => void) => {
    const left = (context.inFlight.get(token) ?? 1) - 1;
    if (left > 0) context.inFlight.set(token, left);
    else context.inFlight.delete(token);
    try {
      acknowledge();
    } catch (error) {
      failed('Acknowledging an event')(error);
    }
  };

  // Another tab changed a synced storage var: the value goes through the same checks as on connect.
  // One application at a time per socket; values arriving meanwhile are merged (latest wins), so a
  // flood of messages costs one pending object, not a queue of locked steps.
  let storedWaiting: Record<string, unknown> | undefined;
  let storedRunning = false;
  socket.on(WireEvent.stored, (message) => {
    const values = storedValuesOf({ stored: (message as { values?: unknown } | null)?.values });
    if (!values) return;
    storedWaiting = { ...storedWaiting, ...values };
    if (storedRunning) return;
    storedRunning = true;
    void (async () => {
      while (storedWaiting) {
        const next = storedWaiting;
        storedWaiting = undefined;
        await app.applyStoredValues(token, next).catch(failed('Applying stored values'));
      }
      storedRunning = false;
    })();
  });

  // One resync at a time per socket, at most maxResyncsPer10s per window (later ones wait for
  // the next window), and none for a socket that is behind: its drain brings a hydrate anyway.
  // A resync that arrives while one is being answered is not dropped: the newest one waits and
  // is answered next (a page that asked again wants the state after its latest gap).
  let resyncPending = false;
  let resyncNext: (() => void) | undefined;
  let windowStart = 0;
  let resyncsInWindow = 0;
  let resyncTimer: NodeJS.Timeout | undefined;
  socket.on('disconnect', () => clearTimeout(resyncTimer));
  const resyncDone = () => {
    resyncPending = false;
    const next = resyncNext;
    resyncNext = undefined;
    next?.();
  };
  socket.on(WireEvent.resync, (...args: unknown[]) => {
    const callback = args[args.length - 1] as ResyncAck;
    if (typeof callback !== 'function') return;
    const since = args.length > 1 ? resyncRequestOf(args[0]) : undefined;
    const start = () => {
      resyncPending = true;
      const answer = () => {
        const now = Date.now();
        if (now - windowStart >= RESYNC_WINDOW) {
          windowStart = now;
          resyncsInWindow = 0;
        }
        resyncsInWindow += 1;
        // A socket that is behind gets nothing more until its buffer drains: answer then.
        const reply = () => catchUp(since).then(callback).catch(failed('Resyncing a page')).finally(resyncDone);
        if (context.patches.isBehind(socket)) socket.conn.once('drain', reply);
        else void reply();
      };
      const elapsed = Date.now() - windowStart;
      if (elapsed >= RESYNC_WINDOW || resyncsInWindow < context.maxResyncsPer10s) answer();
      else resyncTimer = setTimeout(answer, RESYNC_WINDOW - elapsed);
    };
    if (resyncPending) resyncNext = start;
    else start();
  });
}

/** The `stored` values of a handshake or message, if they are a plain object (checked in full by the app). */
function storedValuesOf(auth: unknown): Record<string, unknown> | undefined {
  const stored = (auth as { stored?: unknown } | null | undefined)?.stored;
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return undefined;
  return Object.keys(stored).length > 0 ? (stored as Record<string, unknown>) : undefined;
}

/**
 * The position of a `CoreClient` event among its page's: ids are `<instance>-<n in base 36>`.
 * Other ids (other clients) carry no order and are deduplicated by id alone.
 */
function orderOf(id: string, instance: string | undefined): EventOrder | undefined {
  if (instance === undefined || !id.startsWith(`${instance}-`)) return undefined;
  const digits = id.slice(instance.length + 1);
  if (!/^[0-9a-z]{1,10}$/.test(digits)) return undefined;
  return { source: instance, n: Number.parseInt(digits, 36) };
}

/** Where the page says it stands, when it says so validly (anything else: it gets a hydrate). */
function resyncRequestOf(raw: unknown): ResyncRequest | undefined {
  const { seq, epoch, shared } = (raw ?? {}) as { seq?: unknown; epoch?: unknown; shared?: unknown };
  const tab = positionOf(seq, epoch);
  if (!tab || tab.epoch === '') return undefined;
  if (shared === undefined) return tab;
  if (typeof shared !== 'object' || shared === null || Array.isArray(shared)) return undefined;
  const entries = Object.entries(shared);
  if (entries.length > MAX_SHARED_SOURCES) return undefined;
  const positions: Record<string, { seq: number; epoch: string }> = {};
  for (const [source, position] of entries) {
    const { seq: s, epoch: e } = (position ?? {}) as { seq?: unknown; epoch?: unknown };
    const valid = positionOf(s, e);
    if (!source.startsWith('@') || source.length > 256 || !valid) return undefined;
    positions[source] = valid;
  }
  return { ...tab, shared: positions };
}

/** Most shared documents a page may say it shows (more: it gets a hydrate). */
const MAX_SHARED_SOURCES = 64;

function positionOf(seq: unknown, epoch: unknown): { seq: number; epoch: string } | undefined {
  if (typeof epoch !== 'string' || epoch.length > 64) return undefined;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return undefined;
  return { seq, epoch };
}

/** The id of a malformed event, when it has a usable one (so the page can settle it). */
function rawId(raw: unknown): string | undefined {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : undefined;
}
