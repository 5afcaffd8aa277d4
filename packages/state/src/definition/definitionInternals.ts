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
  /** Event handlers made with `uploadHandler`: run only by the upload endpoint. */
  readonly uploads: ReadonlySet<string>;
  /** Vars bound to a cookie, localStorage or sessionStorage, by var name. */
  readonly storage: ReadonlyMap<string, ResolvedStorageBinding>;
  /** Changes whenever the set of vars or computed vars changes; drives reconciliation of stored state. */
  readonly fingerprint: string;
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
