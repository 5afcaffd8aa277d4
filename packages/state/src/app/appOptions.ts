import type { AnyStateDefinition, AppHandle } from '../definition/index.js';
import type { Logger } from '../logger.js';
import type { Presence } from '../presence/index.js';
import type { PublicState } from '../protocol.js';
import type { AppTaskDefinition } from '../tasks/index.js';
import type { ClientErrorHook } from './reportClientError.js';

export type { Presence };

import type { StateManager } from '../managers/index.js';

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

/** Options of {@link createApp}. */
export interface AppOptions extends AppEnvironment {
  /** Every state the app serves. */
  states: readonly AnyStateDefinition[];
  /**
   * App-lifetime tasks (`defineAppTask`): each runs on one process of the cluster from the time the
   * server starts, moves to another process within one task lease and one tick when its own dies,
   * and restarts on a state-module reload in `core dev`.
   * @default []
   */
  tasks?: readonly AppTaskDefinition[];
  /**
   * Runs once when the app's server starts (`core dev`, `core start`, `createServer().listen()`),
   * before it accepts a connection and before the app tasks start: seed data, warm a cache. The
   * server's `listen` waits for it, and fails with what it threw. It runs on every process of a
   * cluster, so make it idempotent: check under the lock whether another process did it already.
   * A state-module reload in `core dev` does not run it again.
   *
   * @example
   * onStart: (app) =>
   *   app.modifyState({ scope: 'app' }, async (tx) => {
   *     const feed = await tx.get(FeedState);
   *     if (feed.posts.size === 0) feed.posts.reset(loadPosts());
   *   }),
   */
  onStart?: (app: AppHandle) => void | Promise<void>;
  /**
   * The presence metadata the server gives each connected page, from its tab's public state (what
   * the page shows): `({ state }) => ({ name: state.session.name || 'guest' })`. Derived fields win
   * over what the page sets itself, so a page cannot claim another name. At most 1 KiB of JSON.
   * @default () => ({})
   */
  presenceMeta?: (page: { readonly token: string; readonly state: PublicState }) => Readonly<Record<string, unknown>>;
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
  /**
   * Told of each error a page reports to its server: an uncaught error, an unhandled rejection or
   * a React render error (caught by `CoreProvider`). The server has logged it already; the report
   * is what the page sent (cut to 1 KiB of message and 8 KiB of stack, at most 10 per page per
   * minute). Runs beside the page's events, not in a locked step; a throw or rejection is logged.
   *
   * @example
   * onClientError(report, { token, app }) {
   *   void app.modifyState(token, async (tx) => { (await tx.get(Diagnostics)).lastError = report.message; });
   * }
   */
  onClientError?: ClientErrorHook;
}
