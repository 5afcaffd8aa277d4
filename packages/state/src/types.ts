import type { DispatchOptions, Hydration } from './appTypes.js';
import type { ClientApi } from './clientAction.js';
import type { ScopeRef, StateScope } from './docKey.js';
import type { EventSpec } from './eventSpec.js';
import type { RouterData } from './routerState.js';
import type { UnwrapVars } from './storageVar.js';
import type { BackgroundTaskOptions, TaskEndInfo, TaskInfo } from './taskEntry.js';
import type { PublicState } from './tokenDoc.js';

/** The vars of a state: plain JSON-serialisable values. Names starting with `_` stay on the server. */
export type VarsShape = Record<string, unknown>;

/**
 * Computed vars, declared as functions of the state's vars. `TComputed` is the type of their
 * values: `{ remaining: number }` for `{ remaining: (s) => s.max - s.counter }`.
 */
export type ComputedShape<TVars, TComputed> = {
  [K in keyof TComputed]: (state: Readonly<TVars>, context: ComputedContext) => TComputed[K];
};

/**
 * The second argument of a computed function. What it reads counts as a dependency: a computed
 * var that reads `router.path` is recomputed (and sent) on each navigation.
 */
export interface ComputedContext {
  /** The token's router data (defaults when the app has no router state). */
  readonly router: DeepReadonly<RouterData>;
}

/** The values of computed vars, read-only (nothing when the state declares none). */
export type ComputedValues<TComputed> = string extends keyof TComputed
  ? {}
  : { readonly [K in keyof TComputed]: TComputed[K] };

/** What a handler sees: the vars (writable) and the computed vars (read-only). */
export type StateShape<TVars, TComputed> = TVars & ComputedValues<TComputed>;

/** A deeply read-only view of a state, as `task.state` gives it. */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

/** Gives access to the other states of the same token while the lock is held. */
export interface StateAccess {
  /** Another state of the same token, writable under the same lock. */
  get<TDef extends AnyStateDefinition>(definition: TDef): Promise<StateOf<TDef>>;
  /**
   * Queues events on this token, behind those already waiting. They are sent once this step
   * commits; a step that throws dispatches nothing.
   */
  dispatch(event: EventSpec<any> | readonly EventSpec<any>[]): void;
  /**
   * The token's running background tasks (every state, every process), as of when the lock was
   * taken. A task whose process stopped renewing its lease is left out.
   */
  readonly tasks: readonly TaskInfo[];
  /**
   * Cancels background tasks of this token: every running and waiting instance of a task
   * (`ctx.cancel(TaskState.myTask)`), or one by id or entry of {@link tasks}. Applied when this step
   * commits (a step that throws cancels nothing): the tasks' `signal` aborts, on whichever process
   * they run (within a second on another one), and `onTaskEnd` runs with reason `'cancelled'` once
   * each has ended. Waiting (queued) starts are dropped.
   */
  cancel(target: TaskTarget): void;
  /**
   * Tells the browser to do something (redirect, toast, download, …) or calls a function the page
   * registered. In an event handler it addresses the page that fired the event; in a `modify` /
   * `modifyState` block, every page of the token. Actions are sent after the update of the same
   * commit (a `yield` or the end of the step), in order; a step that throws sends none.
   */
  readonly client: ClientApi;
  /**
   * Shows room `key`'s document in this tab's room-scoped `definition` (created from the defaults
   * on first use), as Reflex's `_link_to`; every tab in the room sees one copy. Kept with the tab's
   * state, so it survives a reload and a reconnect to another process.
   */
  join(definition: AnyStateDefinition, key: string): void;
  /** Brings back the tab's own copy of a room-scoped state (Reflex's `_unlink`). */
  leave(definition: AnyStateDefinition): void;
  /** The browser session of the tab (from its page's signed cookie), if it has one. */
  readonly session: string | undefined;
  /** The signed-in user of the tab's session (`signIn`), or what the server's `authenticate` found. */
  readonly user: unknown;
  /**
   * Signs the browser session in as `user`: it gets a new id (the old one is dropped, so an id
   * planted before signing in leads nowhere), keeps its session states, and every tab of the
   * session moves along (its pages fetch the new cookie and reconnect).
   */
  signIn(user: unknown): Promise<void>;
  /** Signs the browser session out: a new, empty session; every tab of the old one moves to it. */
  signOut(): Promise<void>;
  /**
   * Where the token's page is (path, route params, query, user agent, IP) as of the last commit:
   * a read-only copy of the built-in `router` state (defaults when the app has none).
   */
  readonly router: DeepReadonly<RouterData>;
}

/** What `cancel` accepts: a task's event creator (`TaskState.myTask`), a task id, or a listed task. */
export type TaskTarget = ((...args: any[]) => EventSpec<any>) | string | TaskInfo;

/**
 * What handlers and tasks may do with their app (`ctx.app`, `task.app`): run events and locked
 * steps, read state. Closing the app or swapping its states is not theirs to do.
 */
export interface AppHandle {
  /** Runs an event for a token (see `App.dispatch`). */
  dispatch(token: string, event: EventSpec<unknown>, options?: DispatchOptions): Promise<void>;
  /** Runs `fn` under another token's lock, or later under this one's (see `App.modifyState`). */
  modifyState<TResult>(
    target: string | ScopeRef,
    fn: (tx: Transaction) => TResult | Promise<TResult>,
  ): Promise<TResult>;
  /** The token's public state (see `App.snapshot`). */
  snapshot(token: string): Promise<PublicState>;
  /** The token's public state and its `seq` (see `App.hydrate`). */
  hydrate(token: string): Promise<Hydration>;
  /** The tabs with a page connected now (see `App.tokens`). */
  tokens(): Promise<readonly string[]>;
}

/** The third argument of an event handler. */
export interface EventContext extends StateAccess {
  /** The token (browser tab) this event runs for. */
  readonly token: string;
  /** The app, e.g. to start work that outlives the handler with `app.modifyState`. */
  readonly app: AppHandle;
}

/** The second argument of a `modify` / `modifyState` block. */
export interface Transaction extends StateAccess {
  /** The token whose lock the block holds. */
  readonly token: string;
}

/** The first argument of a background task. */
export interface BackgroundTask<TState = Record<string, unknown>> {
  /** The token the task runs for. */
  readonly token: string;
  /** The app the task runs in. */
  readonly app: AppHandle;
  /** `state.handler`, e.g. `task.myTask`. */
  readonly name: string;
  /** This run's id, as listed in `tasks`. */
  readonly id: string;
  /** How many times this task was restarted after its process died (`resume: true`); 0 on its first run. */
  readonly resumed: number;
  /**
   * The token's running background tasks as of this task's last `modify` (or its start); it may
   * be stale. Inside `modify`, `tx.tasks` is current.
   */
  readonly tasks: readonly TaskInfo[];
  /**
   * Aborts (reason: a `TaskAbortedError`, name `'AbortError'`) when the task is cancelled, the app
   * closes, no page of the token was connected for the grace period, or the token's state expired.
   * Pass it to `sleep` and `fetch` so the task stops promptly; `modify` refuses to run once it aborted.
   */
  readonly signal: AbortSignal;
  /**
   * A read-only snapshot of the task's state as of its last `modify` (or its start); it may be
   * stale. Writing to it throws `ImmutableStateError`.
   */
  readonly state: DeepReadonly<TState>;
  /**
   * Takes the token's lock, refreshes the state from the state manager, runs `fn` on a writable
   * draft, commits and sends the changes, releases the lock and returns `fn`'s result. If `fn`
   * throws, nothing of the block is kept. A `modify` inside another `modify` of the same task throws
   * `ImmutableStateError`; concurrent `modify` calls from sibling branches take turns.
   */
  modify<TResult>(fn: (state: TState, tx: Transaction) => AsyncGenerator<unknown, TResult, unknown>): Promise<TResult>;
  /**
   * The same with an async generator block: each `yield` inside the block commits and sends an
   * intermediate update while the lock stays held.
   */
  modify<TResult>(fn: (state: TState, tx: Transaction) => TResult | Promise<TResult>): Promise<TResult>;
  /** Queues events on this task's token. */
  dispatch(event: EventSpec<any> | readonly EventSpec<any>[]): void;
  /**
   * Client actions and calls to every page of the token, sent at once (inside `modify`, use the
   * block's `tx.client` to send them after its commit).
   */
  readonly client: ClientApi;
}

/** An event handler: sync, async, generator or async generator. */
export type EventHandler<TState> = (state: TState, payload: any, ctx: EventContext) => unknown;

/** A background task: an async function or an async generator whose yields are dispatched. */
export type BackgroundHandler<TState> = (task: BackgroundTask<TState>, payload: any) => unknown;

/**
 * A background task with options: `{ exclusive: 'skip', run(task, payload) { ... } }`.
 *
 * @example
 * background: {
 *   myTask: { exclusive: 'skip', async run(task) { ... } },
 * }
 */
export interface BackgroundTaskConfig<TState> extends BackgroundTaskOptions {
  /** The task itself, as a plain `background` entry would be. */
  run: BackgroundHandler<TState>;
}

/** A `background` entry: the task function, or {@link BackgroundTaskConfig} with options. */
export type BackgroundEntry<TState> = BackgroundHandler<TState> | BackgroundTaskConfig<TState>;

/**
 * Runs under the token's lock, like an event handler, each time one of the state's background
 * tasks ended (once per run): returned events are dispatched, a throw rolls back its changes.
 */
export type TaskEndHandler<TState> = (state: TState, info: TaskEndInfo, ctx: EventContext) => unknown;

/** The payload type of a handler (its second parameter), `void` when it takes none. */
export type PayloadOf<THandler> = THandler extends (first: never, ...rest: infer TRest) => unknown
  ? TRest extends []
    ? void
    : TRest[0]
  : never;

/** Makes the event spec for one handler: `TheState.handler(payload)`. */
export type EventCreator<TPayload> = undefined extends TPayload
  ? (payload?: TPayload) => EventSpec<TPayload>
  : (payload: TPayload) => EventSpec<TPayload>;

/** The function of a `background` entry (its `run` for the object form). */
export type TaskFunctionOf<TEntry> = TEntry extends { run: infer TRun } ? TRun : TEntry;

/** One event creator per background task (nothing when the state declares none). */
export type BackgroundCreators<TBackground> = unknown extends TBackground
  ? {}
  : string extends keyof TBackground
    ? {}
    : { readonly [K in keyof TBackground]: EventCreator<PayloadOf<TaskFunctionOf<TBackground[K]>>> };

/**
 * One event creator per handler (nothing when the state declares none). Each carries its state's
 * shape as a type only (`__state`), so a page's optimistic update of that event gets a typed draft.
 */
export type EventCreators<THandlers, TShape = unknown> = unknown extends THandlers
  ? {}
  : string extends keyof THandlers
    ? {}
    : { readonly [K in keyof THandlers]: EventCreator<PayloadOf<THandlers[K]>> & { readonly __state?: TShape } };

/** The configuration passed to `defineState`. */
export interface StateConfig<TVars extends VarsShape, TComputed, TEvents, TBackground> {
  /**
   * Where the state lives: `'tab'` (each browser tab its own copy), `'session'` (shared by the tabs
   * of one browser session), `'app'` (one for everyone) or `'room'` (shared by the tabs that joined
   * the same room with `ctx.join`; a tab in no room has its own copy).
   * @default 'tab'
   */
  scope?: StateScope;
  /** Vars and their defaults. Each token gets its own copy. */
  vars: TVars;
  /** Computed vars: cached, recomputed only when a var they read changed, sent like vars. */
  computed?: ComputedShape<UnwrapVars<TVars>, TComputed>;
  /** Event handlers, run one at a time per token under the token's lock. */
  // The intersection lets TypeScript infer each handler's own type (TEvents) while the Record
  // part types `state` contextually, computed vars included.
  events?: TEvents & Record<string, EventHandler<StateShape<UnwrapVars<TVars>, TComputed>>>;
  /**
   * Background tasks, run outside the lock except inside `task.modify`: a function, or
   * `{ exclusive, resume, run }` ({@link BackgroundTaskConfig}).
   */
  background?: TBackground & Record<string, BackgroundEntry<StateShape<UnwrapVars<TVars>, TComputed>>>;
  /**
   * Called under the token's lock after each run of one of this state's background tasks ended,
   * with its name and why (`done`, `error`, `cancelled`, `process died`) — what keeps a `running`
   * var true exactly while the task runs, whatever stopped it.
   *
   * @example
   * onTaskEnd(s, { name }) { if (name === 'myTask') s.running = false; }
   */
  onTaskEnd?: TaskEndHandler<StateShape<UnwrapVars<TVars>, TComputed>>;
}

/** The parts of a state definition the runtime reads. */
export interface StateDefinitionBase {
  /** The state's name: the first segment of every patch path. */
  readonly name: string;
  /** The vars' defaults. */
  readonly vars: Readonly<VarsShape>;
  /** The computed vars' functions. */
  readonly computed: Readonly<Record<string, (state: never) => unknown>>;
  /** The event handlers (calling one directly throws; dispatch it instead). */
  readonly events: Readonly<Record<string, (...args: never[]) => unknown>>;
  /** The background tasks (calling one directly throws; dispatch it instead). */
  readonly background: Readonly<Record<string, (...args: never[]) => unknown>>;
}

/** A state definition as `defineState` returns it: metadata plus one event creator per handler. */
export type StateDefinition<
  TName extends string,
  TVars extends VarsShape,
  TComputed,
  TEvents,
  TBackground,
> = StateDefinitionBase & {
  readonly name: TName;
  /** Type-only: the shape handlers see. */
  readonly __state?: StateShape<TVars, TComputed>;
} & EventCreators<TEvents, StateShape<TVars, TComputed>> &
  BackgroundCreators<TBackground>;

/** Any state definition. */
export type AnyStateDefinition = StateDefinitionBase & { readonly __state?: unknown };

/** The state shape (vars + computed) of a definition. */
export type StateOf<TDef> = TDef extends { readonly __state?: infer TState } ? Exclude<TState, undefined> : never;

/** The public part of a state: what the page sees (no `_` vars). */
export type PublicStateOf<TDef> = {
  [K in keyof StateOf<TDef> as K extends `_${string}` ? never : K]: StateOf<TDef>[K];
};
