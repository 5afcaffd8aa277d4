import type { EventSpec } from '@core/state';
import {
  type ClientErrorKind,
  type EventAck,
  type WindowAnswer,
  type WindowRequest,
  type WireErrorReport,
  WireEvent,
} from '@core/state/protocol';
import type { PublicState } from '@core/state/types';
import { ClientActionQueue } from './clientActionQueue.js';
import { ClientListeners } from './clientListeners.js';
import type { ConnectionStatus, CoreClientOptions } from './coreClientOptions.js';
import { type CoreSocket, createCoreSocket, untyped } from './coreSocket.js';
import { HandshakeRetry } from './handshakeRetry.js';
import { type OptimisticUpdate, OptimisticView } from './optimisticView.js';
import type { PageErrorReporter } from './pageErrorReporter.js';
import { PageLocation } from './pageLocation.js';
import { PendingEvents } from './pendingEvents.js';
import type { Navigator } from './runClientAction.js';
import { SessionFollower } from './sessionFollower.js';
import { StateReplica } from './stateReplica.js';
import { StorageSyncLoader } from './storageSyncLoader.js';
import { TabToken } from './tabToken.js';
import { ToastStore } from './toastStore.js';
import { watchPageWindow } from './windowListeners.js';

/**
 * The page's side of the connection: keeps the token and the public state (a {@link StateReplica}:
 * patches in `seq` order, a replay or a fresh hydrate after a gap or a reconnect), and queues
 * events while disconnected (sent once after reconnecting; the server drops a resend it has
 * already run). A handshake the server refuses (its state store is down) shows as `reconnecting`
 * and is retried with backoff.
 */
export class CoreClient {
  readonly #replica: StateReplica;
  #status: ConnectionStatus = 'connecting';
  readonly #pending: PendingEvents;
  readonly #optimistic = new OptimisticView(
    () => this.#told.change(),
    (report) => this.#told.error(report),
  );
  readonly #told = new ClientListeners();
  readonly #socket: CoreSocket;
  readonly #token: TabToken;
  /** Sign-ins and sign-outs: the new session cookie, and the proof a page load leaves until it came. */
  readonly #session: SessionFollower;
  readonly #location: PageLocation;
  #closed = false;
  #navigate: Navigator | undefined;
  readonly #actions = new ClientActionQueue();
  /** The server's origin for HTTP requests (uploads): `url` without a trailing slash, '' for this page's. */
  readonly baseUrl: string;
  readonly #storageSync: StorageSyncLoader;
  /** The toasts that `client.toast(...)` actions show (rendered by `CoreProvider`). */
  readonly toasts = new ToastStore();
  readonly #retry = new HandshakeRetry(() => this.#closed || this.#socket.connected || this.#socket.connect());
  /** Aborted by `close()`: removes the `window` listeners. */
  #windowListeners: AbortController | undefined;
  /** The reporter of the page's errors: a chunk loaded with the first one. */
  #errorReporter: Promise<PageErrorReporter> | undefined;

  constructor(options: CoreClientOptions = {}) {
    this.#token = new TabToken(
      options.storage ?? (typeof sessionStorage === 'undefined' ? undefined : sessionStorage),
      options.storageKey ?? 'core:token',
      options.initial?.token,
    );
    this.baseUrl = (options.url ?? '').replace(/\/+$/, '');
    this.#storageSync = new StorageSyncLoader((values) => this.#socket.emit(WireEvent.stored, { values }));
    this.#location = new PageLocation(options.href, (href, reason, done) =>
      this.#socket.emit(WireEvent.navigate, { href, reason }, (ack) => {
        if (ack && !ack.ok) this.#told.error(ack.error);
        done();
      }),
    );
    this.#pending = new PendingEvents(
      (message) => this.#socket.emit(WireEvent.event, message),
      (report) => this.#told.error(report),
      (position) => this.#replica.hasApplied(position),
    );
    this.#replica = new StateReplica(
      {
        currentToken: () => this.#token.current,
        // Adopt the hydrate's token; its storage bindings count once the page has caught up (a slow
        // page's catch-up hydrate carries none: it keeps those it has, as a replay does).
        hydrated: (message, recreated) => {
          this.#token.adopt(message.token);
          this.#storageSync.hydrated(message.storage, recreated);
        },
        caughtUp: (state) => this.#caughtUp(state),
        updated: (state) => {
          this.#storageSync.update(state);
          this.#pending.applied();
        },
        notify: () => this.#told.change(),
        settle: (id) => this.#pending.settle(id, OK),
        resync: (position, answer) =>
          position
            ? this.#socket.emit(WireEvent.resync, position, answer)
            : this.#socket.emit(WireEvent.resync, answer),
      },
      options.initial,
      options.initial?.omitted,
    );
    if (options.initial) this.#storageSync.start(options.initial.storage, options.initial.state);
    // Client actions of the render's on-load events run once the page is live.
    this.#actions.hold(options.initial?.actions);
    // Stored values of storage vars go with every connection: the server applies them first. A
    // page that has state also says where it stands: the server may replay what it missed.
    this.#socket = createCoreSocket(options.url, options.path, (send) =>
      this.#storageSync.valuesToSend((stored) => {
        const base = { token: this.#token.auth, instance: this.#pending.instance, stored };
        send(this.#replica.canReplay() ? { ...base, ...this.#replica.position() } : base);
      }),
    );
    this.#socket.on(WireEvent.hydrate, (message) => this.#replica.hydrate(message));
    this.#socket.on(WireEvent.replay, (message) => this.#replica.replay(message));
    this.#socket.on(WireEvent.patch, (update) => this.#replica.receive(update));
    this.#socket.on(WireEvent.error, (report) => this.#told.error(report));
    this.#socket.on(WireEvent.ack, (message) => this.#pending.acked(message));
    this.#socket.on(WireEvent.action, (message) => this.#runActions(message.actions));
    this.#socket.on(WireEvent.call, (message, ack) => typeof ack === 'function' && this.#actions.call(message, ack));
    const reconnect = () => this.#closed || this.#socket.disconnect().connect();
    this.#session = new SessionFollower(() => this.#token.current, options.url, reconnect);
    this.#socket.on(WireEvent.session, (message) => this.#session.follow(message));
    this.#socket.on('disconnect', (reason) => {
      this.#replica.disconnected();
      if (this.#closed) return;
      this.#setStatus(this.#replica.state === undefined ? 'connecting' : 'reconnecting');
      // Socket.io retries by itself except when the server ended the session; come back anyway.
      if (reason === 'io server disconnect') setTimeout(() => this.#closed || this.#socket.connect(), 1_000);
    });
    this.#socket.on('connect', () => this.#retry.reset());
    this.#socket.on('connect_error', () => {
      if (this.#closed) return;
      this.#setStatus('reconnecting');
      // A handshake refused by the server's middleware (its store unreachable, say) is final for
      // socket.io, which retries only transport failures: try again, backing off.
      if (!this.#socket.active) this.#retry.later();
    });
    this.#socket.io.on('reconnect_failed', () => this.#setStatus('offline'));
    // Development tools injected into the page (core dev's panel) learn of each client here.
    (globalThis as { __CORE_CLIENT_HOOK__?: (client: CoreClient) => void }).__CORE_CLIENT_HOOK__?.(this);
    if (options.autoConnect ?? true) this.connect();
  }

  /** The token of this tab (known once hydrated). */
  get token(): string | undefined {
    return this.#token.current;
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

  /** The public state as shown (the server's, optimistic changes on top); undefined until hydrated. */
  getState = (): PublicState | undefined => this.#optimistic.view(this.#replica.state);

  /** The connection status. */
  getStatus = (): ConnectionStatus => this.#status;

  /**
   * Resolves once the page holds every state: at once, unless it started from a server render
   * that carried only the states it read (the others come when it connects).
   */
  whenComplete(): Promise<void> {
    return this.#replica.complete;
  }

  /** The `seq` of the last update applied. */
  get seq(): number {
    return this.#replica.seq;
  }

  /** Calls `listener` after every state or status change. Returns the function that stops it. */
  subscribe = (listener: () => void): (() => void) => this.#told.subscribe(listener);

  /** Calls `listener` with every failure the server reports to this tab. */
  onError(listener: (error: WireErrorReport) => void): () => void {
    return this.#told.onError(listener);
  }

  /**
   * Sends an event; resolves when its handler has finished on the server, rejects with an
   * `EventError` when it failed. While disconnected the event waits and is sent after reconnecting.
   */
  dispatch(event: EventSpec<unknown>, optimistic?: OptimisticUpdate): Promise<void> {
    const settled = optimistic && this.#optimistic.track(event, optimistic, () => this.#replica.state);
    return this.#pending.add(event, this.#status === 'connected', settled);
  }

  /** Sends socket.io event `name` and resolves with the answer (rejects after `timeout` ms): for tools (devtools). */
  request<TAnswer>(name: string, message: unknown, timeout = 10_000): Promise<TAnswer> {
    return untyped(this.#socket).timeout(timeout).emitWithAck(name, message) as Promise<TAnswer>;
  }

  /** Loads part of a collection into its window (`useCollection`); false when it no longer fitted (see `extendWindow`). */
  loadWindow(request: WindowRequest): Promise<boolean> {
    return this.request<WindowAnswer>(WireEvent.window, request).then((a) => this.#replica.extendWindow(request, a));
  }

  /** Listens to the server's socket.io event `name` on this tab's socket. Returns the function that stops it. */
  listen(name: string, listener: (message: unknown) => void): () => void {
    untyped(this.#socket).on(name, listener);
    return () => untyped(this.#socket).off(name, listener);
  }

  /**
   * Tells the server the page is now at `href` (path and query): it updates the token's `router`
   * state and runs the page's on-load events. Resolves when they have run; while disconnected,
   * once the page has reconnected and the server has caught up.
   */
  navigate(href: string): Promise<void> {
    return this.#location.navigate(href, this.#status === 'connected');
  }

  /** Opens the connection (done by the constructor unless `autoConnect: false`). */
  connect(): void {
    this.#closed = false;
    this.#windowListeners ??= watchPageWindow({
      socket: this.#socket,
      token: () => this.#token.auth,
      renewal: () => this.#session.unfinished,
      closed: () => this.#closed,
      wentOffline: () => this.#setStatus('offline'),
      backOnline: () => {
        if (this.#status === 'offline')
          this.#setStatus(this.#replica.state === undefined ? 'connecting' : 'reconnecting');
        this.#retry.cancel();
      },
      storage: (event) => this.#storageSync.onStorageEvent(event),
      pageError: (kind, error) => this.reportPageError(kind, error),
    });
    this.#socket.connect();
  }

  /**
   * Reports an error of the page to the server, which logs it and passes it to the app's
   * `onClientError` (uncaught errors and unhandled rejections are reported by themselves once
   * connected, render errors by `CoreProvider`). Cut to size, rate-limited, kept while disconnected.
   */
  reportPageError(kind: ClientErrorKind, error: unknown, componentStack?: string): void {
    const href = typeof location === 'undefined' ? undefined : location.pathname + location.search;
    this.#errorReporter ??= import('./pageErrorReporter.js').then(
      ({ PageErrorReporter }) => new PageErrorReporter(this.#socket),
    );
    this.#errorReporter.then(
      (reporter) => reporter.report(kind, error, href, componentStack),
      () => {},
    );
  }

  /** Closes the connection (until `connect()` is called again) and removes its `window` listeners. */
  close(): void {
    this.#closed = true;
    this.#retry.cancel();
    this.#windowListeners?.abort();
    this.#windowListeners = undefined;
    this.#socket.disconnect();
    this.#setStatus('offline');
  }

  /** After a hydrate or a replay: connected; say where the page is, then send the waiting events. */
  #caughtUp(state: PublicState | undefined): void {
    if (state !== undefined) this.#storageSync.caughtUp(state);
    this.#pending.caughtUp();
    const wasConnected = this.#status === 'connected';
    this.#status = 'connected';
    this.#told.change();
    if (wasConnected) return;
    // Say where the page is first, so its on-load events run before the events it queued; then
    // the events queued while disconnected (or sent and not acked before the drop), once, in order.
    this.#location.connected();
    this.#pending.resend();
    this.#runActions(this.#actions.release());
  }

  /** Carries out client actions from the server, in order (failures are reported like errors). */
  #runActions(actions: unknown): void {
    this.#actions.run(actions, { toasts: this.toasts, navigate: this.#navigate }, (report) => this.#told.error(report));
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    this.#told.change();
  }
}

const OK: EventAck = { ok: true };
