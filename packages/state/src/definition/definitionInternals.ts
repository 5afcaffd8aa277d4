import { type CollectionItem, type CollectionVar, createCollection } from '../collections/index.js';
import type { BackgroundTaskOptions, StateScope } from '../scopes/index.js';
import type { ResolvedComputedOptions } from './computedOptions.js';
import type { AnyStateDefinition } from './stateShape.js';
import type { ResolvedStorageBinding } from './storedValues.js';

/** What the runtime keeps of a definition beside its public face. */
export interface DefinitionInternals {
  readonly name: string;
  /** Where the state lives: one copy per tab, session, room, or for the whole app. */
  readonly scope: StateScope;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly varNames: ReadonlySet<string>;
  readonly computed: ReadonlyMap<string, (state: unknown) => unknown>;
  /** The options of computed vars declared as `{ fn, deps, autoDeps, interval }` (others have none). */
  readonly computedOptions: ReadonlyMap<string, ResolvedComputedOptions>;
  readonly events: ReadonlyMap<string, (...args: unknown[]) => unknown>;
  readonly background: ReadonlyMap<string, (...args: unknown[]) => unknown>;
  /** The options of background tasks declared in the object form (`{ exclusive, resume, run }`). */
  readonly taskOptions: ReadonlyMap<string, BackgroundTaskOptions>;
  /** `onTaskEnd(state, info, ctx)`, when the state declares it. */
  readonly onTaskEnd: ((...args: unknown[]) => unknown) | undefined;
  /** `onPresence(state, change, ctx)`, when the state declares it. */
  readonly onPresence: ((...args: unknown[]) => unknown) | undefined;
  /** Event handlers made with `uploadHandler`: run only by the upload endpoint. */
  readonly uploads: ReadonlySet<string>;
  /** Vars bound to a cookie, localStorage or sessionStorage, by var name. */
  readonly storage: ReadonlyMap<string, ResolvedStorageBinding>;
  /** Vars holding a collection, by var name (their `vars` entry is the declaration). */
  readonly collections: ReadonlyMap<string, CollectionVar<CollectionItem>>;
  /** Changes whenever the set of vars or computed vars changes; drives reconciliation of stored state. */
  readonly fingerprint: string;
}

/**
 * The value a new document gets for var `key`: a fresh collection for a collection var, a copy of
 * the default for any other.
 */
export function defaultVarValue(internals: DefinitionInternals, key: string): unknown {
  const declaration = internals.collections.get(key);
  return declaration ? createCollection(declaration, `${internals.name}.${key}`) : structuredClone(internals.vars[key]);
}

/** Every var's value for a new document (see {@link defaultVarValue}). */
export function defaultVars(internals: DefinitionInternals): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(internals.vars)) values[key] = defaultVarValue(internals, key);
  return values;
}

const internals = new WeakMap<object, DefinitionInternals>();

/** Records the internals of a definition made by `defineState`. */
export function registerDefinition(definition: object, data: DefinitionInternals): void {
  internals.set(definition, data);
}

/** The internals of a definition, or undefined for an object `defineState` did not make. */
export function getDefinitionInternals(definition: AnyStateDefinition | object): DefinitionInternals | undefined {
  return internals.get(definition);
}
