import type { ClientAction, ClientCallAnswer } from './client/clientAction.js';
import type { AnyStateDefinition } from './definition/stateShape.js';
import type { Logger } from './logger.js';
import type { StateManager } from './managers/stateManager.js';
import type { ErrorReport, StateUpdate } from './protocol.js';
import type { DocLinks } from './scopes/docKey.js';

/**
 * Where an app runs: its state manager, logger, mode, presence and router. Given to `createApp`,
 * or passed in by its host (a server, and through it the CLI) in the app's one resolve step before
 * it serves its first token; it never changes afterwards. The app's own settings win.
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
   * (the transport reports its pages); then they are cancelled. `0` never
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
}
