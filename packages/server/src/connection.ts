import type { AppPort, EventOrder, EventOutcome, PageLink } from '@core/state/internal';
import { reportFailure } from '@core/state/internal';
import {
  type ConnectAuth,
  type EventAck,
  isReplayMessage,
  type ResyncAck,
  type ResyncRequest,
  type WireErrorReport,
  WireEvent,
} from '@core/state/protocol';
import { isErrorReport, parseEventMessage } from './eventMessage.js';
import { leaveOutKept, missingStatesOf } from './keptStates.js';
import { resyncRequestOf } from './resyncRequest.js';
import type { CoreSocket } from './socketServer.js';
import type { UpdateSender } from './updateSender.js';
import { WindowChannel } from './windowChannel.js';

/** What the connections of one server share. */
export interface ConnectionContext {
  readonly port: AppPort;
  readonly sender: UpdateSender;
  /** Events in flight per token on this process, all of its sockets together. */
  readonly inFlight: Map<string, number>;
  /** Largest event payload accepted, in bytes of JSON. */
  readonly maxPayloadBytes: number;
  /** Deepest nesting accepted in an event payload. */
  readonly maxPayloadDepth: number;
  /** Events of one token that may wait or run at once. */
  readonly maxEventsInFlight: number;
  /** Resyncs one socket may get per 10 s. */
  readonly maxResyncsPer10s: number;
}

/** The socket.io ack callback a client may pass with `core:event`. */
type AckCallback = (result: EventAck) => void;

const RESYNC_WINDOW = 10_000;
const OK: EventAck = { ok: true };

/**
 * Serves one connected page: one method per message it sends (`core:event`, `core:resync`,
 * `core:stored`), and the hydrate or replay it gets at connect. What the runtime does for a page
 * (a duplicated tab's copy, stored values, its session's link, what it missed) is its `PageLink`;
 * this class carries messages and keeps the per-socket limits. Bad input gets an error ack and
 * changes nothing; no failure here escapes as an unhandled rejection. The handshake has joined the
 * token's room (every update for the token is emitted there) before the state is read.
 */
export class Connection {
  readonly #socket: CoreSocket;
  readonly #context: ConnectionContext;
  readonly #token: string;
  readonly #link: PageLink;
  readonly #windows: WindowChannel;
  /** `core:stored` values waiting while one application runs (latest wins per key). */
  #storedWaiting: Record<string, unknown> | undefined;
  #storedRunning = false;
  /** One resync at a time; the newest one asked meanwhile waits (its page wants the latest state). */
  #resyncRunning = false;
  #resyncNext: (() => void) | undefined;
  #windowStart = 0;
  #resyncsInWindow = 0;
  #resyncTimer: NodeJS.Timeout | undefined;

  constructor(socket: CoreSocket, context: ConnectionContext) {
    this.#socket = socket;
    this.#context = context;
    this.#token = socket.data.token;
    void socket.join(this.#token);
    this.#link = context.port.open(
      this.#token,
      { copyFrom: socket.data.copyFrom, stored: storedValuesOf(socket.handshake.auth), session: socket.data.session },
      {
        join: (key) => socket.join(key),
        keepOnly: (keys) => {
          for (const room of socket.rooms) if (room.startsWith('@') && !keys.includes(room)) void socket.leave(room);
        },
      },
    );
    socket.data.storedApplied = this.#link.ready;
    this.#windows = new WindowChannel(socket, context.port);
    socket.once('disconnect', () => {
      this.#link.close();
      clearTimeout(this.#resyncTimer);
    });
    socket.on(WireEvent.event, (raw, callback) => this.onEvent(raw, callback));
    socket.on(WireEvent.resync, (...args: unknown[]) => this.onResync(args));
    socket.on(WireEvent.stored, (message) => this.onStored(message));
    const auth = socket.handshake.auth as ConnectAuth | undefined;
    const since = auth?.token === this.#token ? resyncRequestOf(auth) : undefined;
    const missing = missingStatesOf(auth);
    // A page that lacks states (its server render left them out) gets a hydrate without the states
    // it holds unchanged, instead of a replay.
    (since && missing
      ? this.#link.hydrate().then((message) => leaveOutKept(message, since, missing))
      : this.#link.catchUp(since)
    )
      .then((message) =>
        isReplayMessage(message) ? socket.emit(WireEvent.replay, message) : socket.emit(WireEvent.hydrate, message),
      )
      .catch(this.#failed('Hydrating a page'));
  }

  /** `core:event`: checks it, counts it in, runs it, acknowledges it. */
  onEvent(raw: unknown, callback: unknown): void {
    const ack = typeof callback === 'function' ? (callback as AckCallback) : undefined;
    const message = parseEventMessage(raw, this.#context);
    if (isErrorReport(message)) {
      this.#acknowledge(rawId(raw), ack, { ok: false, error: message });
      return;
    }
    const { inFlight, maxEventsInFlight } = this.#context;
    const token = this.#token;
    const count = inFlight.get(token) ?? 0;
    if (count >= maxEventsInFlight) {
      this.#acknowledge(message.id, ack, { ok: false, error: overloaded(maxEventsInFlight) });
      return;
    }
    inFlight.set(token, count + 1);
    const { data } = this.#socket;
    // The id (and the page's numbering) makes a resend after a lost ack a no-op, on any process.
    const options = {
      origin: 'client' as const,
      id: message.id,
      order: orderOf(message.id, data.instance),
      user: data.user,
      page: this.#socket.id,
    };
    // The message is the event (its `id` rides along: nothing reads it as part of the event).
    this.#context.port.dispatch(token, message, options, (outcome) => {
      const left = (inFlight.get(token) ?? 1) - 1;
      if (left > 0) inFlight.set(token, left);
      else inFlight.delete(token);
      this.#acknowledge(message.id, ack, outcome.ok ? outcome : { ok: false, error: outcome.report });
    });
  }

  /**
   * `core:resync`: one at a time per socket, at most `maxResyncsPer10s` per window (later ones
   * wait for the next), and none for a socket that is behind (its drain brings a hydrate anyway).
   */
  onResync(args: unknown[]): void {
    const callback = args[args.length - 1] as ResyncAck;
    if (typeof callback !== 'function') return;
    const since = args.length > 1 ? resyncRequestOf(args[0]) : undefined;
    const start = () => {
      this.#resyncRunning = true;
      const elapsed = Date.now() - this.#windowStart;
      if (elapsed >= RESYNC_WINDOW || this.#resyncsInWindow < this.#context.maxResyncsPer10s)
        this.#resync(since, callback);
      else this.#resyncTimer = setTimeout(() => this.#resync(since, callback), RESYNC_WINDOW - elapsed);
    };
    if (this.#resyncRunning) this.#resyncNext = start;
    else start();
  }

  /**
   * `core:stored`: another tab changed a synced storage var; the values go through the same checks
   * as at connect. One application at a time per socket; values arriving meanwhile are merged
   * (latest wins), so a flood of messages costs one pending object, not a queue of locked steps.
   */
  onStored(message: unknown): void {
    const values = storedValuesOf({ stored: (message as { values?: unknown } | null)?.values });
    if (!values) return;
    this.#storedWaiting = { ...this.#storedWaiting, ...values };
    if (this.#storedRunning) return;
    this.#storedRunning = true;
    void (async () => {
      while (this.#storedWaiting) {
        const next = this.#storedWaiting;
        this.#storedWaiting = undefined;
        await this.#context.port.applyStoredValues(this.#token, next).catch(this.#failed('Applying stored values'));
      }
      this.#storedRunning = false;
    })();
  }

  /**
   * The one place an event's ack is decided: the socket.io callback when the page passed one;
   * nothing when the event's last update carried its id to this socket (that update is the ack);
   * else `core:ack`, with the failure when it failed. An event that changed shared documents is
   * told here before their updates are sent (`outcome.after`): its ack says where they landed,
   * so the page drops its optimistic change in the step that applies them, never before or after.
   */
  #acknowledge(id: string | undefined, callback: AckCallback | undefined, outcome: EventOutcomeOrError): void {
    try {
      if (callback) {
        callback(
          outcome.ok ? (outcome.after ? { ok: true, after: outcome.after } : OK) : { ok: false, error: outcome.error },
        );
        return;
      }
      if (id === undefined) return;
      if (outcome.ok && outcome.carried && !this.#context.sender.isBehind(this.#socket)) return;
      this.#socket.emit(
        WireEvent.ack,
        outcome.ok
          ? outcome.after
            ? { ok: true, id, after: outcome.after }
            : { ok: true, id }
          : { ok: false, error: outcome.error, id },
      );
    } catch {
      // A disconnected socket's callback may throw; there is nobody left to tell.
    }
  }

  #resync(since: ResyncRequest | undefined, callback: ResyncAck): void {
    const now = Date.now();
    if (now - this.#windowStart >= RESYNC_WINDOW) {
      this.#windowStart = now;
      this.#resyncsInWindow = 0;
    }
    this.#resyncsInWindow += 1;
    const reply = () =>
      this.#link
        .catchUp(since)
        .then((message) => {
          if (!isReplayMessage(message)) this.#windows.hydrated(message);
          callback(message);
        })
        .catch(this.#failed('Resyncing a page'))
        .finally(() => {
          this.#resyncRunning = false;
          const next = this.#resyncNext;
          this.#resyncNext = undefined;
          next?.();
        });
    // A socket that is behind gets nothing more until its buffer drains: answer then.
    if (this.#context.sender.isBehind(this.#socket)) this.#socket.conn.once('drain', reply);
    else void reply();
  }

  #failed(what: string): (error: unknown) => void {
    return (error) => {
      const { logger, dev } = this.#context.port.settings;
      logger.error(`${what} failed`, { token: this.#token, error }); // the server's logger redacts tokens
      this.#socket.emit(WireEvent.error, reportFailure(error, dev));
    };
  }
}

/** An event's outcome as the ack needs it: the runtime's, or a refusal at the socket. */
type EventOutcomeOrError = (EventOutcome & { ok: true }) | { readonly ok: false; readonly error: WireErrorReport };

/** The refusal of an event beyond the page's in-flight limit. */
function overloaded(limit: number): WireErrorReport {
  return {
    code: 'OVERLOADED',
    message: `[core/server] This page has ${limit} events waiting or running already; wait for some to finish before sending more.`,
  };
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

/** The id of a malformed event, when it has a usable one (so the page can settle it). */
function rawId(raw: unknown): string | undefined {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : undefined;
}
