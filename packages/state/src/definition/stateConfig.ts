import type { StateScope } from '../scopes/index.js';
import type { BackgroundEntry, TaskEndHandler } from './backgroundTask.js';
import type { EventSpec } from './eventSpec.js';
import type { EventHandler } from './handlerContext.js';
import type { PresenceHandler } from './presenceHandler.js';
import type { RouterData } from './routerData.js';
import type {
  AnyStateDefinition,
  DeepReadonly,
  StateDefinitionBase,
  StateOf,
  StateShape,
  VarsShape,
} from './stateShape.js';
import type { UnwrapVars } from './storageVar.js';
import type { SetterPayload } from './varSetter.js';

/**
 * Computed vars, declared as functions of the state's vars or as `{ fn, deps, autoDeps, interval }`.
 * `TComputed` is the type of what their functions return: `{ remaining: number }` for
 * `{ remaining: (s) => s.max - s.counter }` (a promise for an async one).
 */
export type ComputedShape<TVars, TComputed> = {
  [K in keyof TComputed]: ComputedEntry<Readonly<TVars>, TComputed[K]>;
};

/** A computed var's function: its state's vars (read-only) and a context give its value. */
export type ComputedFn<TState, TValue> = (state: TState, context: ComputedContext) => TValue;

/** One computed var: its function, or its function with options. */
export type ComputedEntry<TState, TValue> = ComputedFn<TState, TValue> | ComputedOptions<TState, TValue>;

/**
 * A computed var with options (Reflex's `@rx.var(deps=..., auto_deps=..., interval=...)`).
 *
 * @example
 * computed: {
 *   total: { deps: ['items'], fn: (s) => s.items.length },        // also recomputed when items change
 *   stamp: { autoDeps: false, fn: () => new Date().toISOString() }, // only by ctx.recompute
 *   rates: { interval: 60_000, fn: async (s) => fetchRates(s.currency) }, // expires after a minute
 * }
 */
export interface ComputedOptions<TState, TValue> {
  /** The function; an async one makes an async computed var (its value arrives in a later step). */
  fn: ComputedFn<TState, TValue>;
  /**
   * Vars (and computed vars) of this state it depends on, besides those it reads: a change to one
   * recomputes it. With `autoDeps: false`, the only ones.
   */
  deps?: readonly ((keyof TState & string) | (string & {}))[];
  /**
   * Track what the function reads (`true`), or depend only on `deps`, `interval` and
   * `ctx.recompute` (`false`).
   * @default true
   */
  autoDeps?: boolean;
  /**
   * Milliseconds its value lasts: the first step on its document once they have passed recomputes
   * it, whatever changed. Not a timer: nothing runs while no step does.
   */
  interval?: number;
}

/**
 * The second argument of a computed function. What it reads counts as a dependency: a computed
 * var that reads `router.path` is recomputed (and sent) on each navigation; one that reads
 * `get(Other).total` when `total` changes.
 */
export interface ComputedContext {
  /** The token's router data (defaults when the app has no router state). */
  readonly router: DeepReadonly<RouterData>;
  /**
   * Another state of the same document, read-only: a state of the same scope (a tab state reads
   * the tab's other states, an app state the app's). A state of another scope lives in another
   * document — reading it fails the computed var with `COMPUTED_VAR`: declare the computed var on
   * that state, or combine the two in the component.
   */
  get<TDef extends AnyStateDefinition>(definition: TDef): DeepReadonly<StateOf<TDef>>;
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

/** The var names of `TVars` a page may not see: those starting with `_`. */
type PublicVarName<TVars> = Exclude<keyof TVars & string, `_${string}`>;

/** What `setters` accepts: `true` (every public var) or a list of public var names. */
export type SettersOption<TVars> = true | readonly PublicVarName<TVars>[];

/** The var names a state's `setters` opens to `State.set(name, value)`. */
export type SettableName<TVars, TSetters> = TSetters extends true
  ? PublicVarName<TVars>
  : TSetters extends readonly (infer TName)[]
    ? TName & keyof TVars & string
    : never;

/**
 * `State.set(name, value)`, present when the state declares `setters`: the event that sets one
 * open var to `value` (Reflex's `set_<var>`), typed by the var.
 */
export type SetterCreator<TVars, TSetters> = [TSetters] extends [never]
  ? {}
  : {
      readonly set: <TName extends SettableName<TVars, TSetters>>(
        name: TName,
        value: TVars[TName],
      ) => EventSpec<SetterPayload<TName, TVars[TName]>>;
    };

/** The configuration passed to `defineState`. */
export interface StateConfig<TVars extends VarsShape, TComputed, TEvents, TBackground, TSetters = never> {
  /**
   * Where the state lives: `'tab'` (each browser tab its own copy), `'session'` (shared by the tabs
   * of one browser session), `'app'` (one for everyone) or `'room'` (shared by the tabs that joined
   * the same room with `ctx.join`; a tab in no room has its own copy).
   * @default 'tab'
   */
  scope?: StateScope;
  /** Vars and their defaults. Each token gets its own copy. */
  vars: TVars;
  /**
   * Computed vars: cached, recomputed only when a var they read changed (or as their options say),
   * sent like vars; `_` names stay on the server. A function, or `{ fn, deps, autoDeps, interval }`.
   */
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
  /**
   * Called under the lock of this state's document after a page joined, left or changed its
   * metadata in the presence list of that document (the app, a room, a session, a tab), once per
   * change in the cluster — on the process the page is connected to, or on the survivor that reaped
   * the pages of a dead process. `change.count` is the list's size, read under the lock.
   *
   * @example
   * onPresence(s, { count }) { s.online = count; }
   */
  onPresence?: PresenceHandler<StateShape<UnwrapVars<TVars>, TComputed>>;
  /**
   * Vars a page may set with the generic setter `State.set(name, value)` (Reflex's `set_<var>`):
   * `true` for every public var, or a list. Nothing is open by default — a page's event is a claim,
   * and a var it may set is a var it may set to anything of its kind. A value of another kind than
   * the var's default (a string for a number) fails with `INVALID_EVENT`; `_` vars and computed
   * vars have no setter.
   *
   * @example
   * setters: ['query', 'page'],   // <input onChange={(e) => set(Search.set('query', e.target.value))} />
   */
  setters?: TSetters & SettersOption<UnwrapVars<TVars>>;
}

/** A state definition as `defineState` returns it: metadata plus one event creator per handler. */
export type StateDefinition<
  TName extends string,
  TVars extends VarsShape,
  TComputed,
  TEvents,
  TBackground,
  TSetters = never,
> = StateDefinitionBase & {
  readonly name: TName;
  /** Type-only: the shape handlers see. */
  readonly __state?: StateShape<TVars, TComputed>;
  /** Type-only: the computed vars' values (what `ctx.recompute` may name). */
  readonly __computed?: TComputed;
} & EventCreators<TEvents, StateShape<TVars, TComputed>> &
  BackgroundCreators<TBackground> &
  SetterCreator<TVars, TSetters>;
