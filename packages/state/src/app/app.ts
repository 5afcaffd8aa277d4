import type {
  AnyStateDefinition,
  AppHandle,
  BackgroundTask,
  DispatchOptions,
  EventSpec,
  HandlerContext,
} from '../definition/index.js';
import { AppStates } from '../definition/index.js';
import { describeFailure } from '../errorReport.js';
import { StateError } from '../errors.js';
import type { InspectOptions, InspectorListener } from '../inspect/index.js';
import { Inspector } from '../inspect/index.js';
import type { Logger } from '../logger.js';
import type { StateManager } from '../managers/index.js';
import { AppPresence, type PresenceHub } from '../presence/index.js';
import type { ErrorReport, Hydration, PublicState, StateUpdate } from '../protocol.js';
import type { EventOutcome, EventQueue } from '../queue/index.js';
import { resolveEvent } from '../queue/index.js';
import type { ScopeRef } from '../scopes/index.js';
import type { StepRuntime } from '../step/index.js';
import { modifyStateStep } from '../step/index.js';
import { readTabView, UpdateHub } from '../sync/index.js';
import type { AppTasks, TaskSet } from '../tasks/index.js';
import { createAppCore } from './appCore.js';
import type { AppOptions } from './appOptions.js';
import { type AppHost, type AppPort, createAppPort } from './appPort.js';
import { resolvers } from './appResolve.js';
import { AppSettings, type ResolvedAppSettings } from './appSettings.js';

/**
 * The server-side app: states, their per-token queues, background tasks and state manager.
 * Transport-agnostic — `@core/server` puts it on a socket (through `resolveApp` and the port it
 * returns); tests drive it directly. Every change of state runs as one locked step
 * (`step/lockedStep.ts`); the app queues events and starts tasks.
 */
export class App implements AppHandle {
  /** Background tasks running now; each is removed when it finishes. */
  readonly backgroundTasks: ReadonlySet<BackgroundTask>;
  readonly #states: AppStates;
  readonly #events: EventQueue;
  readonly #hub: UpdateHub;
  readonly #env: AppSettings;
  readonly #inspector: Inspector;
  readonly #runtime: StepRuntime;
  readonly #tasks: TaskSet;
  /** Connected tabs: `tokens()`, `onTokensChange` and the grace period of their tasks. */
  readonly #presence: AppPresence;
  readonly #appTasks: AppTasks;
  readonly #presenceHub: PresenceHub;
  #closed = false;

  constructor(options: AppOptions) {
    this.#env = new AppSettings(options);
    this.#states = new AppStates(options.states, this.#env.router);
    this.#hub = new UpdateHub(() => this.#env.logger);
    this.#inspector = new Inspector(() => this.#env.logger);
    const core = createAppCore(options, this, {
      env: this.#env,
      hub: this.#hub,
      inspector: this.#inspector,
      registry: this.#states.registry,
      definitions: () => this.#states.definitions,
      isOpen: () => !this.#closed,
    });
    this.#runtime = core.runtime;
    this.#tasks = core.tasks;
    this.#events = core.events;
    this.#presence = new AppPresence({
      presence: () => this.#env.presence,
      logger: () => this.#env.logger,
      cancelTasks: (token) => this.#tasks.cancelToken(token, 'page gone'),
      gracePeriod: options.taskGracePeriod ?? 60_000,
    });
    this.backgroundTasks = this.#tasks.tasks;
    this.#appTasks = core.appTasks;
    this.#presenceHub = core.presence;
    resolvers.set(this, (host, check) => this.#resolve(host, options, check));
  }

  /**
   * The app-lifetime tasks (`createApp({ tasks })`): `definitions`, how this process sees each
   * (`list()`, see `AppTaskInfo`) and `replace` (a reload).
   */
  get appTasks(): Pick<AppTasks, 'definitions' | 'list' | 'replace'> {
    return this.#appTasks;
  }

  /** The state definitions the app serves. */
  get states(): readonly AnyStateDefinition[] {
    return this.#states.definitions;
  }

  /** The state manager the app stores tokens in. */
  get stateManager(): StateManager {
    return this.#env.stateManager;
  }

  /** Where the runtime reports failures. */
  get logger(): Logger {
    return this.#env.logger;
  }

  /** Development mode (messages and stacks in error reports). */
  get dev(): boolean {
    return this.#env.dev;
  }

  /** True when the app includes the built-in `router` state. */
  get hasRouter(): boolean {
    return this.#states.hasRouter;
  }

  /**
   * Runs an event for a token. Event handlers wait their turn behind the token's other events and
   * the promise resolves when this handler has finished (not its chained events); background tasks
   * start at once and the promise resolves when started. Rejects with a `StateError`: an unknown
   * state or handler, a backend-only handler called by a page (`origin: 'client'`), or
   * `HANDLER_ERROR` when the handler threw (its changes were rolled back).
   */
  dispatch(token: string, event: EventSpec<unknown>, options: DispatchOptions = {}): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#run(token, event, options, (outcome) => (outcome.ok ? resolve() : reject(outcome.error)), false);
    });
  }

  /**
   * Listens to one token's updates (`{ seq, patches }`, seq up by one per update) and, optionally,
   * to the failures reported to it. Returns the function that stops listening.
   */
  subscribe(token: string, listener: (update: StateUpdate) => void, onError?: (error: ErrorReport) => void) {
    return this.#hub.subscribe(token, listener, onError);
  }

  /**
   * Listens to the records of events and background tasks (devtools): queued, started and ended
   * events with origin, parent, lock wait, hold, patches, bytes and error; tasks with one record per
   * `modify`. Records are built only while a listener wants the token, so an app nobody inspects
   * pays one check per event. Returns the function that stops listening.
   *
   * @example
   * const stop = app.inspect((record) => log.push(record), { token });
   */
  inspect(listener: InspectorListener, options: InspectOptions = {}): () => void {
    return this.#inspector.listen(listener, options.token);
  }

  /**
   * The token's public state (vars and computed vars of every state, no `_` vars), a deep copy:
   * what the tab shows, its session's, rooms' and the app's shared states included.
   */
  async snapshot(token: string): Promise<PublicState> {
    return (await readTabView(this.#runtime, token)).state;
  }

  /**
   * The token's public state, the `seq` of the last update it includes and the document's epoch
   * (and those of the shared documents it shows, in `shared`). A token never stored hydrates from
   * its defaults and stays unstored until its first event. `session`: the page's browser session.
   */
  async hydrate(token: string, options: { session?: string } = {}): Promise<Hydration> {
    const { keys: _keys, ...hydration } = await readTabView(this.#runtime, token, { ...options, preview: true });
    return hydration;
  }

  /**
   * Runs `fn` under the token's lock, for code outside any handler (a timer, a webhook, a job):
   * the state is refreshed, `await tx.get(TheState)` gives writable views, and on return the
   * changes are committed, stored and sent before the lock is released. `target` is a tab's
   * token, or a shared document (`{ scope: 'app' }`, `{ scope: 'room', key }`, `{ scope:
   * 'session', key }`) for a webhook or a job that updates what every page of it shows. A generator
   * `fn` commits and sends at each `yield`; yielded and dispatched events run after it. If `fn`
   * throws, nothing uncommitted is kept and the error propagates.
   */
  async modifyState<TResult>(
    target: string | ScopeRef,
    fn: (tx: HandlerContext) => TResult | Promise<TResult>,
  ): Promise<TResult> {
    this.#checkOpen();
    return modifyStateStep(this.#runtime, target, fn);
  }

  /**
   * The tabs with a page connected now, on every process (from the transport's presence; a tab
   * that went away drops out once its socket is gone — see `createServer`). Empty without one.
   */
  async tokens(): Promise<readonly string[]> {
    return this.#presence.tokens();
  }

  /**
   * Calls `listener` (at most every 50 ms) when tabs may have connected or gone away, e.g. to keep
   * an app-scoped "online" count: `app.onTokensChange(async () => { const n = (await
   * app.tokens()).length; await app.modifyState({ scope: 'app' }, ...) })`. Returns the unsubscribe.
   */
  onTokensChange(listener: () => void): () => void {
    return this.#presence.listen(listener);
  }

  /**
   * Swaps in new definitions (a dev server's hot reload). Stored state is kept: each token is
   * reconciled the next time its lock is taken (new vars get their defaults, removed vars go).
   */
  replaceStates(states: readonly AnyStateDefinition[]): void {
    this.#states.replace(states);
  }

  /** Resolves once no token has queued events, no background task runs and no async computed var is pending. */
  async idle(): Promise<void> {
    const { flights } = this.#runtime.computed;
    while (this.#events.busy || this.backgroundTasks.size > 0 || this.#tasks.busy || flights.busy) {
      await Promise.all([this.#tasks.settled(), this.#events.idle(), flights.settled()]);
    }
  }

  /**
   * Stops the app: aborts background tasks (their `signal`), refuses new events, lets the
   * running handler of each token finish, drops waiting events (their dispatch rejects with
   * `APP_CLOSED`), waits for the tasks to end and closes the state manager.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const closed = new StateError('APP_CLOSED', 'The app was closed.');
    this.#tasks.abortAll();
    await this.#appTasks.close();
    await this.#presenceHub.close();
    this.#runtime.computed.flights.close();
    this.#presence.close();
    this.#events.rejectWaiting(closed);
    await this.idle();
    await this.#tasks.leave();
    await this.#env.stateManager.close();
  }

  /** Runs an event and tells `done` how it ended (`dispatch`, and the transport's port). */
  #run(
    token: string,
    event: EventSpec<unknown>,
    options: DispatchOptions,
    done: (outcome: EventOutcome) => void,
    acked: boolean,
  ): void {
    try {
      this.#checkOpen();
      const target = resolveEvent(this.#states.registry, event, options.origin ?? 'server');
      if (!target.background) {
        this.#events.push(token, event, target, options, done, acked);
        return;
      }
      this.#tasks.start(token, target.internals, event, options).then(
        () => done({ ok: true, carried: false }),
        (error: unknown) => done(this.#refused(error, event)),
      );
    } catch (error) {
      done(this.#refused(error, event));
    }
  }

  /** An event refused before it ran (unknown, forbidden, app closed) or a task that could not start. */
  #refused(error: unknown, event: EventSpec<unknown> | undefined): EventOutcome {
    const { wrapped, report } = describeFailure(error, `${event?.state}.${event?.name}`, this.#env.dev);
    return { ok: false, error: wrapped, report };
  }

  /** The app's one resolve step, by its host; returns the port the host talks to it through. */
  #resolve(host: AppHost, options: AppOptions, check?: (settings: ResolvedAppSettings) => void): AppPort {
    const settings = this.#env.resolve(host, check);
    if (settings.router) this.#states.enableRouter();
    if (host.listener) this.#hub.subscribeAll(host.listener);
    if (host.presenceInterval) this.#presence.poll(host.presenceInterval);
    this.#appTasks.start();
    return createAppPort(settings, {
      runtime: this.#runtime,
      registry: this.#states.registry,
      tasks: this.#tasks,
      presence: this.#presence,
      presenceHub: this.#presenceHub,
      dispatch: (token, event, options, done) => this.#run(token, event, options, done, true),
      checkOpen: () => this.#checkOpen(),
      onClientError: options.onClientError,
      started: () => this.#appTasks.started(),
    });
  }

  #checkOpen(): void {
    if (this.#closed) throw new StateError('APP_CLOSED', 'The app was closed; no more events are accepted.');
  }
}

/**
 * Creates the server-side app from its state definitions.
 *
 * @example
 * export const app = createApp({ states: [TaskState, LoadState] });
 * await app.dispatch(token, TaskState.setMax(3));
 */
export function createApp(options: AppOptions): App {
  return new App(options);
}
