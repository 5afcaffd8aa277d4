import type { Collection, CollectionKey, CollectionWindowData, ReadonlyCollection } from '../collections/index.js';

/** The vars of a state: plain JSON-serialisable values. Names starting with `_` stay on the server. */
export type VarsShape = Record<string, unknown>;

/**
 * The values of computed vars, read-only (nothing when the state declares none). An async computed
 * var holds its last value: `null` until its first result.
 */
export type ComputedValues<TComputed> = string extends keyof TComputed
  ? {}
  : { readonly [K in keyof TComputed]: TComputed[K] extends PromiseLike<infer TValue> ? TValue | null : TComputed[K] };

/** What a handler sees: the vars (writable) and the computed vars (read-only). */
export type StateShape<TVars, TComputed> = TVars & ComputedValues<TComputed>;

/** A deeply read-only view of a state, as `task.state` gives it (a collection: its reads only). */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends Collection<infer TItem, infer TKey>
    ? ReadonlyCollection<TItem, TKey>
    : T extends readonly (infer U)[]
      ? readonly DeepReadonly<U>[]
      : T extends object
        ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
        : T;

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

/** Any state definition. */
export type AnyStateDefinition = StateDefinitionBase & { readonly __state?: unknown };

/** The state shape (vars + computed) of a definition. */
export type StateOf<TDef> = TDef extends { readonly __state?: infer TState } ? Exclude<TState, undefined> : never;

/** The public part of a state: what the page sees (no `_` vars; a collection as its window). */
export type PublicStateOf<TDef> = {
  [K in keyof StateOf<TDef> as K extends `_${string}` ? never : K]: StateOf<TDef>[K] extends ReadonlyCollection<
    infer TItem,
    CollectionKey
  >
    ? CollectionWindowData<TItem>
    : StateOf<TDef>[K];
};

/** The names of a definition's computed vars (what `ctx.recompute` may name). */
export type ComputedNameOf<TDef> = TDef extends { readonly __computed?: infer TComputed }
  ? string extends keyof Exclude<TComputed, undefined>
    ? never
    : keyof Exclude<TComputed, undefined> & string
  : never;

/** The names of a definition's vars, backend vars included (what `ctx.reset` may name). */
export type VarNameOf<TDef> = Exclude<keyof StateOf<TDef> & string, ComputedNameOf<TDef>>;
