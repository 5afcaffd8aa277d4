import type { StateScope } from '../scopes/docKey.js';
import type { BackgroundEntry, TaskEndHandler } from './backgroundTask.js';
import type { EventSpec } from './eventSpec.js';
import type { EventHandler } from './handlerContext.js';
import type { RouterData } from './routerState.js';
import type { UnwrapVars } from './storageVar.js';

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

/** One event creator per handler (nothing when the state declares none). */
export type EventCreators<THandlers> = unknown extends THandlers
  ? {}
  : string extends keyof THandlers
    ? {}
    : { readonly [K in keyof THandlers]: EventCreator<PayloadOf<THandlers[K]>> };

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
} & EventCreators<TEvents> &
  BackgroundCreators<TBackground>;

/** Any state definition. */
export type AnyStateDefinition = StateDefinitionBase & { readonly __state?: unknown };

/** The state shape (vars + computed) of a definition. */
export type StateOf<TDef> = TDef extends { readonly __state?: infer TState } ? Exclude<TState, undefined> : never;

/** The public part of a state: what the page sees (no `_` vars). */
export type PublicStateOf<TDef> = {
  [K in keyof StateOf<TDef> as K extends `_${string}` ? never : K]: StateOf<TDef>[K];
};
