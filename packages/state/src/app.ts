import { createAppCore } from './appCore.js';
import { AppSettings } from './appSettings.js';
import type { AppEnvironment, AppListener, AppOptions } from './appTypes.js';
import { AppStates } from './definition/appStates.js';
import type { BackgroundTask } from './definition/backgroundTask.js';
import type { DispatchOptions, EventSpec } from './definition/eventSpec.js';
import type { AppHandle, HandlerContext } from './definition/handlerContext.js';
import type { AnyStateDefinition } from './definition/stateShape.js';
import type { StorageBinding } from './definition/storageVar.js';
import { StateError } from './errors.js';
import { Inspector } from './inspect/inspector.js';
import type { InspectOptions, InspectorListener } from './inspect/inspectorRecord.js';
import { type InspectedTab, inspectTab } from './inspect/inspectTab.js';
import type { Logger } from './logger.js';
import type { StateManager } from './managers/stateManager.js';
import { AppPresence } from './presence/appPresence.js';
import type { ErrorReport, Hydration, PublicState, StateUpdate } from './protocol.js';
import type { EventQueue } from './queue/eventQueue.js';
import { resolveEvent } from './queue/resolveEvent.js';
import type { ScopeRef } from './scopes/docKey.js';
import { copyStateStep, linkSessionStep, modifyStateStep } from './step/outsideSteps.js';
import type { StepRuntime } from './step/stepRuntime.js';
import type { StoredValuesOutcome } from './sync/applyStoredValues.js';
import { type ReplayPosition, readReplay, type TabReplay } from './sync/replayView.js';
import { storedValuesStep } from './sync/storedValuesStep.js';
import { readTabView } from './sync/tabView.js';
import { UpdateHub } from './sync/updateHub.js';
import type { TaskSet } from './tasks/taskSet.js';

/**
 * The server-side app: states, their per-token queues, background tasks and state manager.
 * Transport-agnostic — `@core/server` puts it on a socket; tests drive it directly. Every change
 * of state runs as one locked step (`lockedStep.ts`); the app queues events and starts tasks.
 */
export class App implements AppHandle {
  /** Background tasks running now; each is removed when it finishes. */
  readonly backgroundTasks: ReadonlySet<BackgroundTask>;
  readonly #states: AppStates;
  readonly #events: EventQueue;
  readonly #hub = new UpdateHub(() => this.#env.logger);
  readonly #env = new AppSettings();
  readonly #inspector = new Inspector(() => this.#env.logger);
  readonly #runtime: StepRuntime;
  readonly #tasks: TaskSet;
  /** Connected tabs: `tokens()`, `onTokensChange` and the grace period of their tasks. */
  readonly #presence: AppPresence;
  #closed = false;

  constructor(options: AppOptions) {
    this.#states = new AppStates(options.states, options.router ?? false);
    this.#env.configure(options);
    const core = createAppCore(options, this, {
      env: this.#env,
      hub: this.#hub,
      inspector: this.#inspector,
      registry: this.#states.registry,
      isOpen: () => !this.#closed,
    });
    this.#runtime = core.runtime;
    this.#tasks = core.tasks;
    this.#events = core.events;
    this.#presence = new AppPresence(this.#env, this.#tasks, options.taskGracePeriod ?? 60_000);
    this.backgroundTasks = this.#tasks.tasks;
  }

  /** The state definitions the app serves. */
  get states(): readonly AnyStateDefinition[] {
    return this.#states.definitions;
  }

  /** The state manager the app stores tokens in. */
  get stateManager(): StateManager {
    return this.#env.peekStateManager();
  }

  /** Where the runtime reports failures. */
  get logger(): Logger {
    return this.#env.logger;
  }

  /** Development mode (messages and stacks in error reports). */
  get dev(): boolean {
    return this.#env.dev;
  }

  /** The parts of the environment set at creation or by `configure`. */
  get configured(): ReadonlySet<keyof AppEnvironment> {
    return this.#env.configured;
  }

  /**
   * Sets parts of the app's environment it was created without (a server installing its logger,
   * a CLI switching to Redis). Each part is set once; setting one again, or any after the app has
   * served a token, throws `INVALID_CONFIG` — state would otherwise be split across stores.
   */
  configure(environment: AppEnvironment): void {
    this.#env.configure(environment);
  }

  /** Same as `configure({ stateManager })` (kept for existing callers). */
  useStateManager(manager: StateManager): void {
    this.configure({ stateManager: manager });
  }

  /**
   * Runs an event for a token. Event handlers wait their turn behind the token's other events and
   * the promise resolves when this handler has finished (not its chained events); background tasks
   * start at once and the promise resolves when started. Rejects with a `StateError`: an unknown
   * state or handler, a backend-only handler called by a page (`origin: 'client'`), or
   * `HANDLER_ERROR` when the handler threw (its changes were rolled back).
   */
  dispatch(token: string, event: EventSpec<unknown>, options: DispatchOptions = {}): Promise<void> {
    try {
      this.#checkOpen();
      const { internals, background } = resolveEvent(this.#states.registry, event, options.origin ?? 'server');
      if (background) return this.#tasks.start(token, internals, event, options);
      return this.#events.push(token, event, { internals, background }, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Listens to one token's updates (`{ seq, patches }`, seq up by one per update) and, optionally,
   * to the failures reported to it. Returns the function that stops listening.
   */
  subscribe(token: string, listener: (update: StateUpdate) => void, onError?: (error: ErrorReport) => void) {
    return this.#hub.subscribe(token, listener, onError);
  }

  /** Listens to every token's updates and failures. Returns the function that stops listening. */
  subscribeAll(listener: AppListener): () => void {
    return this.#hub.subscribeAll(listener);
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

  /** The same as {@link hydrate}, plus the keys of the shared documents (the transport joins their rooms). */
  async hydrateWithKeys(token: string, options: { session?: string } = {}) {
    return readTabView(this.#runtime, token, { ...options, preview: true });
  }

  /**
   * What a page missed, when it has applied everything up to `since` (its tab's `seq` and epoch,
   * and per source those of the shared documents it shows): the updates from the state manager's
   * replay logs, in `seq` order per document (empty when it missed nothing), and the keys of the
   * shared documents (the rooms a transport joins). Undefined when a log does not hold them all, a
   * document was recreated, the tab shows other shared documents now, or the states changed shape:
   * the page needs {@link hydrate} then. `session`: the page's browser session.
   */
  async replay(
    token: string,
    since: ReplayPosition,
    options: { session?: string } = {},
  ): Promise<TabReplay | undefined> {
    return readReplay(this.#runtime, token, since, options);
  }

  /**
   * Every state the tab sees, whole — backend (`_`) vars included, shared states with the document
   * they live in — for development tools on the developer's own server; never send it to a page in
   * production. Documents never stored give their defaults (nothing is stored).
   */
  inspectTab(token: string): Promise<InspectedTab> {
    return inspectTab(this.#runtime, token);
  }

  /**
   * Runs `fn` under the token's lock, for code outside any handler (a timer, a webhook, a job):
   * the state is refreshed, `await tx.get(TheState)` gives writable views, and on return the
   * changes are committed, stored and sent before the lock is released. `target` is a tab's
   * token, or a shared document (`{ scope: 'app' }`, `{ scope: 'room', key }`, `{ scope:
   * 'session', key }`) for a webhook or a job that updates what every page of it shows. A generator `fn` commits
   * and sends at each `yield`; yielded and dispatched events run after it. If `fn` throws, nothing
   * uncommitted is kept and the error propagates.
   */
  async modifyState<TResult>(
    target: string | ScopeRef,
    fn: (tx: HandlerContext) => TResult | Promise<TResult>,
  ): Promise<TResult> {
    this.#checkOpen();
    return modifyStateStep(this.#runtime, target, fn);
  }

  /**
   * Links a tab to its page's browser session (from the page's signed cookie), so its session
   * states show that session's document. Writes only when the link changes.
   */
  async linkSession(token: string, session: string): Promise<void> {
    this.#checkOpen();
    await linkSessionStep(this.#runtime, token, session);
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

  /** The transport says pages connected or went away (it calls this; apps listen with `onTokensChange`). */
  tokensChanged(): void {
    this.#presence.changed();
  }

  /**
   * Gives token `to` a copy of token `from`'s state (a duplicated browser tab starts from what the
   * original showed, then goes its own way). Running background tasks are not copied: `onTaskEnd`
   * runs on the copy for each, with reason `cancelled`, so the copy shows no task running.
   */
  async copyState(from: string, to: string): Promise<void> {
    this.#checkOpen();
    await copyStateStep(this.#runtime, this.#tasks, from, to);
  }

  /**
   * Swaps in new definitions (a dev server's hot reload). Stored state is kept: each token is
   * reconciled the next time its lock is taken (new vars get their defaults, removed vars go).
   */
  replaceStates(states: readonly AnyStateDefinition[]): void {
    this.#states.replace(states);
  }

  /**
   * Tells the app that a page of `token` connected (the server calls it per socket). Returns the
   * function to call when that page disconnects: once no page of the token is connected for
   * `taskGracePeriod`, the token's background tasks are cancelled.
   */
  pageConnected(token: string): () => void {
    return this.#presence.connected(token);
  }

  /** True when `state.handler` is an upload handler (`uploadHandler(...)`): what an upload may run. */
  acceptsUpload(state: string, handler: string): boolean {
    return this.#states.registry.get(state)?.uploads.has(handler) ?? false;
  }

  /** Every var bound to browser storage (the page reads and writes these; sent with the hydrate). */
  get storageBindings(): readonly StorageBinding[] {
    return this.#states.registry.storageBindings;
  }

  /**
   * Applies values the page read from its storage (`{ 'local:theme': 'dark' }`, keys as in
   * {@link storageBindings}) in one locked step. They are untrusted: a value that is not a string
   * of the var's encoding and type, or is too long, is skipped and logged; unknown keys are ignored.
   */
  async applyStoredValues(token: string, values: Readonly<Record<string, unknown>>): Promise<StoredValuesOutcome> {
    this.#checkOpen();
    return storedValuesStep(this.#runtime, token, values);
  }

  /** True when the app includes the built-in `router` state. */
  get hasRouter(): boolean {
    return this.#states.hasRouter;
  }

  /**
   * Includes the built-in `router` state from now on (a server with pages calls it). Stored
   * tokens get it the next time their lock is taken, like any added state.
   */
  enableRouter(): void {
    this.#states.enableRouter();
  }

  /** Resolves once no token has queued events and no background task runs. */
  async idle(): Promise<void> {
    while (this.#events.busy || this.backgroundTasks.size > 0 || this.#tasks.busy) {
      await Promise.all([this.#tasks.settled(), this.#events.idle()]);
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
    this.#presence.close();
    this.#events.rejectWaiting(closed);
    await this.idle();
    await this.#tasks.leave();
    await this.#env.peekStateManager().close();
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
