import type { ClientApi } from '../client/index.js';
import type { Hydration, PublicState } from '../protocol.js';
import type { ScopeRef, TaskInfo } from '../scopes/index.js';
import type { DispatchOptions, EventSpec } from './eventSpec.js';
import type { HandlerPresence } from './handlerPresence.js';
import type { RouterData } from './routerData.js';
import type { AnyStateDefinition, ComputedNameOf, DeepReadonly, StateOf, VarNameOf } from './stateShape.js';

/**
 * The third argument of an event handler (`ctx`) and the second of a `modify` / `modifyState`
 * block (`tx`): the token, the app, the other states of the same token while the lock is held,
 * tasks, the browser and the session. One object per step.
 */
export interface HandlerContext {
  /** The token (browser tab, or shared document) whose lock this step holds. */
  readonly token: string;
  /** The app, e.g. to start work that outlives the handler with `app.modifyState`. */
  readonly app: AppHandle;
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
  /**
   * The key of the room the tab's room-scoped `definition` shows (as this step left it: a `join`
   * earlier in the step counts), or undefined while it shows the tab's own copy. In a step of a
   * room's own document, that room's key.
   */
  room(definition: AnyStateDefinition): string | undefined;
  /**
   * Puts `definition`'s vars back to their defaults (Reflex's `reset`): all of them — backend
   * (`_`) vars and storage vars included, a storage var's default then written to the browser like
   * any change — or the ones named. Computed vars follow. The state's document must be held by the
   * step: its own state's always is, another's after `await ctx.get(Other)`.
   */
  reset<TDef extends AnyStateDefinition>(definition: TDef, vars?: readonly VarNameOf<TDef>[]): void;
  /**
   * Recomputes computed vars of `definition` when this step commits — `name`, or every one — even
   * if nothing they depend on changed: how a computed var with `autoDeps: false` (or one reading
   * something outside the state, such as the clock) is refreshed on demand. The state's document
   * must be held by the step, as for {@link reset}.
   */
  recompute<TDef extends AnyStateDefinition>(definition: TDef, name?: ComputedNameOf<TDef>): void;
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
  /**
   * The entry of the page that sent the event in the presence list of this handler's own document
   * (see {@link HandlerPresence}). Undefined when the step has no such page connected to this
   * process: a `modify` / `modifyState` block, a task, `onPresence`, a chained event, an event
   * from `app.dispatch`, a form post, or a page still being rendered on the server.
   */
  readonly presence: HandlerPresence | undefined;
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
    fn: (tx: HandlerContext) => TResult | Promise<TResult>,
  ): Promise<TResult>;
  /** The token's public state (see `App.snapshot`). */
  snapshot(token: string): Promise<PublicState>;
  /** The token's public state and its `seq` (see `App.hydrate`). */
  hydrate(token: string): Promise<Hydration>;
  /** The tabs with a page connected now (see `App.tokens`). */
  tokens(): Promise<readonly string[]>;
}

/** @deprecated The same as {@link HandlerContext} (its name before there was one). */
export type EventContext = HandlerContext;

/** @deprecated The same as {@link HandlerContext} (its name before there was one). */
export type Transaction = HandlerContext;

/** An event handler: sync, async, generator or async generator. */
export type EventHandler<TState> = (state: TState, payload: any, ctx: HandlerContext) => unknown;
