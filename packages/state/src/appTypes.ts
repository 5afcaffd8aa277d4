import type { Patch } from 'immer';
import type { ClientAction } from './clientAction.js';
import type { ClientCallAnswer } from './clientChannel.js';
import type { DocLinks } from './docKey.js';
import type { StateErrorCode } from './errors.js';
import type { Logger } from './logger.js';
import type { StateManager } from './stateManager.js';
import type { EventOrder, PublicState } from './tokenDoc.js';
import type { AnyStateDefinition } from './types.js';

/**
 * Where an app runs: its state manager, logger and mode. Each is set once — at `createApp` or by
 * one `app.configure()` before the app serves its first token — and never changes afterwards.
 */
export interface AppEnvironment {
  /** Where token state and locks live. @default new MemoryStateManager() */
  stateManager?: StateManager;
  /** Receives handler failures and other server-side reports. @default silentLogger */
  logger?: Logger;
  /**
   * Development mode: error reports sent to the page carry the handler's message and stack.
   * In production they carry only the code and the handler's name.
   * @default false
   */
  dev?: boolean;
  /**
   * Which tabs are connected now, across processes: installed by the transport (`createServer`
   * asks socket.io, whose Redis adapter covers every process). Without one, no tab is connected.
   */
  presence?: Presence;
  /**
   * Include the built-in `router` state (`RouterState`): the token's location, route params and
   * query, user agent and IP, updated on each navigation. A server with pages turns it on.
   * @default false
   */
  router?: boolean;
}

/** Tells which tabs have a page connected (see `app.tokens()`). */
export interface Presence {
  /** The tokens with at least one connected page, on every process. */
  tokens(): Promise<readonly string[]>;
}

/** Options of {@link createApp}. */
export interface AppOptions extends AppEnvironment {
  /** Every state the app serves. */
  states: readonly AnyStateDefinition[];
  /** Milliseconds `ctx.client.call()` waits for the page's answer unless the call says otherwise. @default 10_000 */
  clientCallTimeout?: number;
  /**
   * Background tasks that may run at once for one token; a start beyond it is refused with
   * `TOO_MANY_TASKS` (a page cannot start a public task any number of times).
   * @default 100
   */
  maxTasksPerToken?: number;
  /**
   * Milliseconds a token's background tasks keep running once no page of the token is connected
   * (the server reports pages through `app.pageConnected`); then they are cancelled. `0` never
   * cancels them.
   * @default 60_000
   */
  taskGracePeriod?: number;
  /**
   * Milliseconds after which a background task that has not written checks, at the registry's next
   * tick, that its token's state still exists; if it expired, the task's `signal` aborts.
   * @default 10_000
   */
  taskTokenCheckInterval?: number;
}

/** One update for a token's page: the patches of one commit, in `seq` order. */
export interface StateUpdate {
  /** One more than the previous update's `seq` for this token. */
  readonly seq: number;
  /** Immer patches; each path starts with the state's name. */
  readonly patches: readonly Patch[];
  /**
   * On the last update of an event dispatched with an `id`: that id (the handler has finished),
   * so a transport can acknowledge the event in the same message.
   */
  readonly eventId?: string;
}

/** A failure reported to a token's page: small and serialisable, no stack outside development. */
export interface ErrorReport {
  readonly code: StateErrorCode;
  readonly message: string;
  /** `state.handler` of the handler or task that failed. */
  readonly handler?: string;
  /** Only in development. */
  readonly stack?: string;
  /** A form's refused fields: field name → message (schema issues, `FieldError`). */
  readonly fields?: Readonly<Record<string, string>>;
}

/** Listens to every token (what a transport uses). */
export interface AppListener {
  /**
   * A commit for `token` to send to its page; `epoch` is the document's (see `TokenDoc.epoch`),
   * which the page compares with the one it hydrated from.
   */
  update?(token: string, update: StateUpdate, epoch: string): void;
  /**
   * A tab's links changed: it joined or left a room, or its browser session changed. Its pages
   * must now receive the updates of the shared documents in `links` (and get a fresh hydrate).
   */
  relinked?(token: string, links: DocLinks, previous: DocLinks): void;
  /**
   * A tab signed in or out: its session moved from `from` to the new id `to`. Its pages must get
   * the new session cookie, then the old session's other pages reconnect with it.
   */
  sessionRotated?(token: string, from: string | undefined, to: string): void;
  /** A failure to report to `token`'s page. */
  error?(token: string, error: ErrorReport): void;
  /** Client actions for `token`'s pages: only page `target` when set, else every page of the token. */
  action?(token: string, delivery: ActionDelivery): void;
  /**
   * Calls a client function in `token`'s page (`target`, else any page of the token). The first
   * listener with `call` answers; without one, calls fail with `NO_PAGE`.
   */
  call?(token: string, request: ClientCallRequest): Promise<ClientCallAnswer>;
}

/** Client actions of one commit, for the page that fired the event or every page of the token. */
export interface ActionDelivery {
  /** The page (as given in `DispatchOptions.page`); every page of the token when absent. */
  readonly target?: string;
  readonly actions: readonly ClientAction[];
}

/** A call of a function registered in the page. */
export interface ClientCallRequest {
  readonly target?: string;
  readonly name: string;
  readonly payload: unknown;
  /** Milliseconds the caller waits for the answer. */
  readonly timeout: number;
  /** The largest answer the caller takes, in bytes of JSON (the page refuses to send more). */
  readonly maxBytes: number;
}

/** Options of {@link App.dispatch}. */
export interface DispatchOptions {
  /**
   * `'client'` for events that come from a page: backend-only (`_`-prefixed) handlers and upload
   * handlers are refused. `'upload'` for a file from the upload endpoint: only upload handlers run.
   * @default 'server'
   */
  origin?: 'server' | 'client' | 'upload';
  /**
   * Carried as `eventId` by the update that ends this event's handler, if it changed anything. A
   * token remembers the ids of its last 64 events (with the state), so a resend does not run twice.
   */
  id?: string;
  /**
   * With `id`: the event's position among those of its source (a page instance numbering its
   * events). A source's events run in increasing position, so the token keeps only the highest
   * per source and a resend at or below it is skipped — however many were in flight, which a
   * window of ids cannot promise. Events of one source must be dispatched in increasing `n`.
   */
  order?: EventOrder;
  /**
   * The page that fired the event (the transport's id for it, e.g. a socket id): the handler's
   * client actions (`ctx.client`) go to that page only.
   */
  page?: string;
  /**
   * The browser session of the page that sent the event (from its signed cookie): the tab is
   * linked to it, so its session-scoped states show that session's document.
   */
  session?: string;
  /** The user the transport's `authenticate` hook found for the page: `ctx.user` (else the session's). */
  user?: unknown;
}

/** The public state of a token with its sequence number: what a page hydrates from. */
export interface Hydration {
  readonly seq: number;
  /** The document's epoch; empty while the token has no stored document yet. */
  readonly epoch: string;
  readonly state: PublicState;
  /**
   * The shared documents the state includes, by source (`@session`, `@room:<key>`, `@app`): their
   * own `seq` and epoch, and the states taken from each. Absent when the tab shows only its own.
   */
  readonly shared?: Readonly<Record<string, SharedSource>>;
}

/** One shared document a page shows part of (see `Hydration.shared`). */
export interface SharedSource {
  readonly seq: number;
  readonly epoch: string;
  readonly states: readonly string[];
}
