import type { EventSpec, PublicState } from '@core/state';
import {
  type ClientToServerEvents,
  type EventAck,
  type HydrateMessage,
  isReplayMessage,
  type PatchMessage,
  type ReplayMessage,
  type ResyncRequest,
  SESSION_PATH,
  type ServerToClientEvents,
  type SessionMessage,
  TOKEN_COOKIE,
  type WireErrorReport,
  WireEvent,
} from '@core/state/protocol';
import { enablePatches, Immer, type Patch } from 'immer';
import { io, type Socket } from 'socket.io-client';
import { answerClientCall } from './clientFunctions.js';
import { type Navigator, runClientAction } from './runClientAction.js';
import { StorageSync } from './storageSync.js';
import { ToastStore } from './toastStore.js';

enablePatches();
const immer = new Immer();

/** Where the page stands with its server. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** Options of {@link createCoreClient}. */
export interface CoreClientOptions {
  /** The state server. @default the page's own origin */
  url?: string;
  /** Socket.io path. @default '/socket.io' */
  path?: string;
  /** Keeps the token for this tab. @default window.sessionStorage */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
  /** The storage key of the token. @default 'core:token' */
  storageKey?: string;
  /** Connect at once. @default true */
  autoConnect?: boolean;
  /**
   * The state the server rendered the page with (`mountApp` passes it): the page shows it at once.
   * Its token is adopted unless this tab already has its own in `storage`, which then wins (the
   * state switches to the tab's own once connected).
   */
  initial?: HydrateMessage;
  /**
   * The page's location (path and query string) for a pages app: sent on every (re)connect, so the
   * server runs the page's on-load events when the token's router is elsewhere.
   */
  href?: string;
}

/** An event's failure, as the `Promise` of a dispatched event rejects with it. */
export class EventError extends Error {
  override name = 'EventError';
  readonly code: string;
  readonly handler: string | undefined;
  constructor(report: WireErrorReport) {
    super(report.message);
    this.code = report.code;
    this.handler = report.handler;
  }
}

interface PendingEvent {
  readonly message: { id: string; state: string; name: string; payload: unknown };
  readonly resolve: () => void;
  readonly reject: (error: EventError) => void;
}

/**
 * The page's side of the connection: keeps the token, the public state (an immutable snapshot
 * replaced on every update, unchanged parts keep their identity), applies patches in `seq` order,
 * catches up after a gap or a reconnect (the missed patches when the server still has them, else
 * a fresh hydrate), and queues events while disconnected (sent once after
 * reconnecting; the server drops a resend it has already run). A handshake the server refuses
 * (its state store is down) shows as `reconnecting` and is retried with backoff.
 */
export class CoreClient {
  #state: PublicState | undefined;
  #seq = 0;
  /** The epoch of the document the state came from; '' until the server has stored one. */
  #epoch = '';
  /** The shared documents this tab shows, by source: where their updates stand. */
  #shared = new Map<string, { seq: number; epoch: string }>();
  /** The source of each state taken from a shared document (absent: the tab's own). */
  #stateSource = new Map<string, string>();
  #status: ConnectionStatus = 'connecting';
  #buffered: PatchMessage[] = [];
  #resyncing = false;
  #pending = new Map<string, PendingEvent>();
  #nextId = 0;
  readonly #instance = randomId();
  readonly #listeners = new Set<() => void>();
  readonly #errorListeners = new Set<(error: WireErrorReport) => void>();
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  readonly #storageKey: string;
  #token: string | undefined;
  /** The token sent when connecting (the tab's own, which may differ from a rendered one). */
  #authToken: string | undefined;
  #href: string | undefined;
  #navigations: { href: string; resolve: () => void }[] = [];
  #closed = false;
  #navigate: Navigator | undefined;
  #actions: Promise<void> = Promise.resolve();
  readonly #baseUrl: string;
  readonly #storageSync: StorageSync;
  /** The toasts that `client.toast(...)` actions show (rendered by `CoreProvider`). */
  readonly toasts = new ToastStore();
  #refusals = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Aborted by `close()`: removes the `window` listeners. */
  #windowListeners: AbortController | undefined;

  constructor(options: CoreClientOptions = {}) {
    this.#storage = options.storage ?? (typeof sessionStorage === 'undefined' ? undefined : sessionStorage);
    this.#storageKey = options.storageKey ?? 'core:token';
    this.#token = this.#storage?.getItem(this.#storageKey) ?? undefined;
    this.#baseUrl = (options.url ?? '').replace(/\/+$/, '');
    this.#storageSync = new StorageSync((values) => this.#socket.emit(WireEvent.stored, { values }));
    this.#authToken = this.#token;
    this.#href = options.href;
    if (options.initial) {
      this.#state = options.initial.state;
      this.#seq = options.initial.seq;
      this.#token = options.initial.token;
      if (this.#authToken === undefined) {
        this.#authToken = options.initial.token;
        this.#storage?.setItem(this.#storageKey, options.initial.token);
      }
    }
    const socketOptions = {
      path: options.path,
      transports: ['websocket'],
      autoConnect: false,
      // Stored values of storage vars go with every connection: the server applies them first. A
      // page that has state also says where it stands: the server may replay what it missed.
      auth: (cb: (auth: object) => void) => {
        const base = { token: this.#authToken, instance: this.#instance, stored: this.#storageSync.valuesToSend() };
        cb(this.#canReplay() ? { ...base, ...this.#position() } : base);
      },
    };
    this.#socket = (options.url ? io(options.url, socketOptions) : io(socketOptions)) as Socket<
      ServerToClientEvents,
      ClientToServerEvents
    >;
    this.#socket.on(WireEvent.hydrate, (message) => this.#hydrate(message));
    this.#socket.on(WireEvent.replay, (message) => this.#replay(message));
    this.#socket.on(WireEvent.patch, (update) => this.#receive(update));
    this.#socket.on(WireEvent.error, (report) => this.#reportError(report));
    this.#socket.on(WireEvent.probe, (ack) => ack(this.#instance));
    this.#socket.on(WireEvent.ack, (message) => this.#settle(message.id, message));
    this.#socket.on(WireEvent.action, (message) => this.#runActions(message.actions));
    this.#socket.on(WireEvent.call, (message, ack) => {
      if (typeof ack !== 'function') return;
      // After the actions sent before it, as the handler made them.
      this.#actions = this.#actions.then(() => answerClientCall(message?.name, message?.payload).then(ack));
    });
    this.#socket.on(WireEvent.session, (message) => void this.#followSession(message, options.url));
    this.#socket.on('disconnect', (reason) => {
      // The next connection starts with a hydrate or a replay: hold patches until it comes.
      this.#resyncing = this.#state !== undefined;
      if (this.#closed) return;
      this.#setStatus(this.#state === undefined ? 'connecting' : 'reconnecting');
      // Socket.io retries by itself except when the server ended the session; come back anyway.
      if (reason === 'io server disconnect') setTimeout(() => this.#closed || this.#socket.connect(), 1_000);
    });
    this.#socket.on('connect', () => {
      this.#refusals = 0;
    });
    this.#socket.on('connect_error', () => {
      if (this.#closed) return;
      this.#setStatus('reconnecting');
      // A handshake refused by the server's middleware (its store unreachable, say) is final for
      // socket.io, which retries only transport failures: try again, backing off.
      if (!this.#socket.active) this.#retryLater();
    });
    this.#socket.io.on('reconnect_failed', () => this.#setStatus('offline'));
    // Development tools injected into the page (core dev's panel) learn of each client here.
    (globalThis as { __CORE_CLIENT_HOOK__?: (client: CoreClient) => void }).__CORE_CLIENT_HOOK__?.(this);
    if (options.autoConnect ?? true) this.connect();
  }

  #listenToWindow(): void {
    if (typeof window === 'undefined' || this.#windowListeners) return;
    const controller = new AbortController();
    this.#windowListeners = controller;
    const { signal } = controller;
    window.addEventListener('offline', () => this.#setStatus('offline'), { signal });
    // Close the socket when the page goes away, so a reload does not race its own old socket.
    window.addEventListener(
      'pagehide',
      () => {
        this.#leaveToken();
        this.#socket.disconnect();
      },
      { signal },
    );
    // A reload's request leaves before `pagehide`: leave the token for it here already.
    window.addEventListener('beforeunload', () => this.#leaveToken(), { signal });
    window.addEventListener(
      'pageshow',
      (event) => {
        if (event.persisted && !this.#closed) this.#socket.connect();
      },
      { signal },
    );
    // Another tab changed a synced storage var.
    window.addEventListener('storage', this.#storageSync.onStorageEvent, { signal });
  }

  /** The token of this tab (known once hydrated). */
  get token(): string | undefined {
    return this.#token;
  }

  /** The server's origin for HTTP requests (uploads): `url` without a trailing slash, '' for this page's. */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  /**
   * Lets the app's router carry out `redirect` actions (a client-side navigation instead of a page
   * load). The function returns false to fall back to a page load. Returns the function that
   * removes it.
   */
  setNavigator(navigate: Navigator): () => void {
    this.#navigate = navigate;
    return () => {
      if (this.#navigate === navigate) this.#navigate = undefined;
    };
  }

  /** The public state of every state; undefined until the first hydrate. */
  getState = (): PublicState | undefined => this.#state;

  /** The connection status. */
  getStatus = (): ConnectionStatus => this.#status;

  /** The `seq` of the last update applied. */
  get seq(): number {
    return this.#seq;
  }

  /** Calls `listener` after every state or status change. Returns the function that stops it. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Calls `listener` with every failure the server reports to this tab. */
  onError(listener: (error: WireErrorReport) => void): () => void {
    this.#errorListeners.add(listener);
    return () => this.#errorListeners.delete(listener);
  }

  /**
   * Sends an event; resolves when its handler has finished on the server, rejects with an
   * `EventError` when it failed. While disconnected the event waits and is sent after reconnecting.
   */
  dispatch(event: EventSpec<unknown>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const id = `${this.#instance}-${(this.#nextId++).toString(36)}`;
      const pending: PendingEvent = {
        message: { id, state: event.state, name: event.name, payload: event.payload },
        resolve,
        reject,
      };
      this.#pending.set(id, pending);
      if (this.#status === 'connected') this.#send(pending);
    });
  }

  /**
   * Sends `message` as socket.io event `name` on this tab's socket and resolves with the server's
   * answer (rejects after `timeout` ms without one). For tools that speak their own part of the
   * protocol beside the app, such as the devtools panel; apps use `dispatch`.
   */
  request<TAnswer>(name: string, message: unknown, timeout = 10_000): Promise<TAnswer> {
    return (this.#socket as unknown as Socket).timeout(timeout).emitWithAck(name, message) as Promise<TAnswer>;
  }

  /** Listens to the server's socket.io event `name` on this tab's socket. Returns the function that stops it. */
  listen(name: string, listener: (message: unknown) => void): () => void {
    const socket = this.#socket as unknown as Socket;
    socket.on(name, listener);
    return () => socket.off(name, listener);
  }

  /**
   * Tells the server the page is now at `href` (path and query): it updates the token's `router`
   * state and runs the page's on-load events. Resolves when they have run; while disconnected,
   * once the page has reconnected and the server has caught up.
   */
  navigate(href: string): Promise<void> {
    this.#href = href;
    return new Promise<void>((resolve) => {
      if (this.#status === 'connected') this.#emitNavigate(href, 'navigate', resolve);
      else this.#navigations.push({ href, resolve });
    });
  }

  /** Opens the connection (done by the constructor unless `autoConnect: false`). */
  connect(): void {
    this.#closed = false;
    this.#listenToWindow();
    this.#socket.connect();
  }

  /** Closes the connection (until `connect()` is called again) and removes its `window` listeners. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#windowListeners?.abort();
    this.#windowListeners = undefined;
    this.#socket.disconnect();
    this.#setStatus('offline');
  }

  /** Connects again after a refused handshake: 0.5 s, 1 s, 2 s… up to 10 s, with jitter. */
  #retryLater(): void {
    clearTimeout(this.#retryTimer);
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** this.#refusals) * (0.5 + Math.random() / 2);
    this.#refusals += 1;
    this.#retryTimer = setTimeout(() => {
      if (!this.#closed && !this.#socket.connected) this.#socket.connect();
    }, delay);
  }

  /**
   * The browser session changed (a sign-in or sign-out): this tab fetches its new session cookie
   * (`renew`) or another tab already did (`reconnect`); either way the socket reconnects so that
   * its handshake carries the new cookie.
   */
  async #followSession(message: SessionMessage, url: string | undefined): Promise<void> {
    if (message.renew && this.#token && typeof fetch === 'function') {
      const base = url ?? (typeof location === 'undefined' ? undefined : location.origin);
      if (base) {
        await fetch(new URL(SESSION_PATH, base), {
          method: 'POST',
          headers: { 'x-core-token': this.#token },
          credentials: 'include',
        }).catch(() => undefined);
      }
    } else if (message.reconnect) {
      // The tab that signed in has just received the cookie; give the browser a moment to store it.
      await new Promise((resolve) => setTimeout(resolve, 100));
    } else {
      return;
    }
    if (this.#closed) return;
    this.#socket.disconnect();
    this.#socket.connect();
  }

  #send(pending: PendingEvent): void {
    // No socket.io ack: the update that ends the handler carries the event's id (one frame per
    // event instead of two), and `core:ack` covers an event that changed nothing or failed.
    this.#socket.emit(WireEvent.event, pending.message);
  }

  #settle(id: string, outcome: EventAck): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    if (outcome.ok) pending.resolve();
    else pending.reject(new EventError(outcome.error));
  }

  #emitNavigate(href: string, reason: 'navigate' | 'connect', done: () => void): void {
    this.#socket.emit(WireEvent.navigate, { href, reason }, (ack) => {
      if (ack && !ack.ok) this.#reportError(ack.error);
      done();
    });
  }

  /**
   * Leaves the signed token in a short-lived cookie, so that the request of a reload (or of a
   * back/forward into the app) renders this tab's own state; the server clears it at once.
   */
  #leaveToken(): void {
    if (typeof document === 'undefined' || this.#authToken === undefined) return;
    const secure = typeof location !== 'undefined' && location.protocol === 'https:' ? '; Secure' : '';
    // biome-ignore lint/suspicious/noDocumentCookie: unload handlers must write synchronously; cookieStore is async.
    document.cookie = `${TOKEN_COOKIE}=${encodeURIComponent(this.#authToken)}; Max-Age=10; Path=/; SameSite=Strict${secure}`;
  }

  #hydrate(message: HydrateMessage): void {
    // A hydrate read before an update this page already applied (the update overtook it on the
    // way) is older than what the page shows: keep the newer state, take the rest of the message.
    const stale =
      message.token === this.#token &&
      this.#state !== undefined &&
      !message.shared &&
      this.#shared.size === 0 &&
      (message.epoch ?? '') === this.#epoch &&
      this.#epoch !== '' &&
      message.seq < this.#seq;
    if (message.token !== this.#token || message.token !== this.#authToken) {
      this.#token = message.token;
      this.#authToken = message.token;
      this.#storage?.setItem(this.#storageKey, message.token);
    }
    if (stale) message = { ...message, state: this.#state as PublicState, seq: this.#seq };
    this.#state = message.state;
    this.#seq = message.seq;
    this.#epoch = message.epoch ?? '';
    // Shared documents (session, rooms, app) have their own seq and epoch; a state comes from one.
    this.#shared = new Map();
    this.#stateSource = new Map();
    for (const [source, shared] of Object.entries(message.shared ?? {})) {
      this.#shared.set(source, { seq: shared.seq, epoch: shared.epoch });
      for (const name of shared.states) this.#stateSource.set(name, source);
    }
    // A slow page's catch-up hydrate carries no bindings: it keeps those it has (as a replay does).
    if (message.storage !== undefined || this.#status !== 'connected') {
      this.#storageSync.hydrate(message.storage, message.state);
    }
    this.#caughtUp();
  }

  /**
   * What was missed since the page's positions (a reconnect or a resync), instead of a hydrate:
   * each update goes through {@link #receive}, which applies each document's `seq` once, in order;
   * one that does not fit starts a resync and the rest waits for its answer.
   */
  #replay(message: ReplayMessage): void {
    if (message.token !== this.#token || message.epoch !== this.#epoch || this.#state === undefined) {
      this.#resyncing = false;
      this.#resync(true);
      return;
    }
    this.#resyncing = false;
    const updates = [...message.updates].sort((a, b) => a.seq - b.seq);
    for (const update of updates) {
      this.#receive(update, false);
      if (this.#resyncing) return;
    }
    this.#caughtUp();
  }

  /**
   * True when the page can ask for a replay: it has state from a stored document. Its positions
   * cover its tab's document and every shared document it shows.
   */
  #canReplay(): boolean {
    return this.#state !== undefined && this.#epoch !== '';
  }

  /** Where the page stands in each document it shows. */
  #position(): ResyncRequest {
    const shared: Record<string, { seq: number; epoch: string }> = {};
    for (const [source, position] of this.#shared) shared[source] = position;
    return this.#shared.size > 0
      ? { seq: this.#seq, epoch: this.#epoch, shared }
      : { seq: this.#seq, epoch: this.#epoch };
  }

  /** After a hydrate or a replay: apply what arrived meanwhile, then send the waiting events. */
  #caughtUp(): void {
    this.#resyncing = false;
    const buffered = this.#buffered.sort((a, b) => a.seq - b.seq);
    this.#buffered = [];
    for (const update of buffered) this.#receive(update, false);
    if (this.#state !== undefined) this.#storageSync.update(this.#state);
    const wasConnected = this.#status === 'connected';
    this.#status = 'connected';
    this.#notify();
    if (!wasConnected && this.#href !== undefined) {
      // Say where the page is first, so its on-load events run before the events it queued.
      const waiting = this.#navigations.splice(0);
      const reason = waiting.length > 0 ? 'navigate' : 'connect';
      this.#emitNavigate(this.#href, reason, () => {
        for (const navigation of waiting) navigation.resolve();
      });
    }
    // Events queued while disconnected (or sent and not acked before the drop) go out once, in order.
    if (!wasConnected) for (const pending of this.#pending.values()) this.#send(pending);
  }

  #receive(update: PatchMessage, notify = true): void {
    if (update.eventId !== undefined) this.#settle(update.eventId, OK);
    if (this.#state === undefined || this.#resyncing) {
      this.#buffered.push(update);
      return;
    }
    const source = update.source ?? '';
    const stream = source === '' ? { seq: this.#seq, epoch: this.#epoch } : this.#shared.get(source);
    if (!stream) return; // a shared document this tab does not show (any more)
    if (update.epoch && stream.epoch && update.epoch !== stream.epoch) {
      // The server's document was recreated (expired, lost): its seq started over. Start over too.
      this.#resync(true);
      return;
    }
    if (update.seq <= stream.seq) return; // already part of the hydrate
    if (update.seq !== stream.seq + 1) {
      this.#buffered.push(update);
      this.#resync();
      return;
    }
    try {
      // Only the states this tab takes from that document (a room's document may hold others).
      const patches = (update.patches as Patch[]).filter(
        (patch) => (this.#stateSource.get(String(patch.path[0])) ?? '') === source,
      );
      if (patches.length > 0) this.#state = immer.applyPatches(this.#state, patches);
      const next = { seq: update.seq, epoch: update.epoch || stream.epoch };
      if (source === '') {
        this.#seq = next.seq;
        this.#epoch = next.epoch;
      } else {
        this.#shared.set(source, next);
      }
      if (notify) this.#storageSync.update(this.#state);
    } catch {
      this.#resync(true); // a patch that does not apply: start over from a fresh hydrate
      return;
    }
    if (notify) this.#notify();
  }

  /** Asks for what the page missed (a replay when the server's log has it), or with `fresh` a hydrate. */
  #resync(fresh = false): void {
    if (this.#resyncing) return;
    this.#resyncing = true;
    const answer = (message: HydrateMessage | ReplayMessage) =>
      isReplayMessage(message) ? this.#replay(message) : this.#hydrate(message);
    if (fresh || !this.#canReplay()) this.#socket.emit(WireEvent.resync, answer);
    else this.#socket.emit(WireEvent.resync, this.#position(), answer);
  }

  /** Carries out client actions one after the other, in the order the server sent them. */
  #runActions(actions: unknown): void {
    if (!Array.isArray(actions)) return;
    const env = { toasts: this.toasts, navigate: this.#navigate };
    for (const action of actions) {
      this.#actions = this.#actions.then(() =>
        runClientAction(action, env).catch((error: unknown) =>
          this.#reportError({
            code: 'INVALID_ACTION',
            message: error instanceof Error ? error.message : String(error),
          }),
        ),
      );
    }
  }

  #reportError(report: WireErrorReport): void {
    for (const listener of this.#errorListeners) listener(report);
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    this.#notify();
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}

const OK: EventAck = { ok: true };
const RETRY_BASE_MS = 500;
const RETRY_MAX_MS = 10_000;

/** Creates the page's connection to its state server. */
export function createCoreClient(options?: CoreClientOptions): CoreClient {
  return new CoreClient(options);
}

function randomId(): string {
  return globalThis.crypto?.randomUUID?.().replace(/-/g, '').slice(0, 16) ?? Math.random().toString(36).slice(2);
}
