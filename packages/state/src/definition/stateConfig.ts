import type { StateScope } from '../scopes/index.js';
import type { BackgroundEntry, TaskEndHandler } from './backgroundTask.js';
import type { EventSpec } from './eventSpec.js';
import type { EventHandler } from './handlerContext.js';
import type { RouterData } from './routerData.js';
import type { DeepReadonly, StateDefinitionBase, StateShape, VarsShape } from './stateShape.js';
import type { UnwrapVars } from './storageVar.js';

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
