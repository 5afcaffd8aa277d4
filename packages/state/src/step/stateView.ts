import { CollectionReader } from '../collections/index.js';
import type { DefinitionInternals } from '../definition/index.js';
import { ImmutableStateError, StateError } from '../errors.js';
import type { ComputedVars } from './computedVars.js';

/** Where a state view reads and writes: its `DocDraft` (one per document and step). */
export interface ViewSource {
  /** State `name`'s values as an object (the immer draft while the session is open). */
  stateValues(name: string): Record<string, unknown>;
  /** State `name`'s values to read from without starting a draft (computed vars read these). */
  peekValues(name: string): Record<string, unknown>;
  /** One var: a primitive as it is, an object as a draft (so that nested writes are recorded). */
  readVar(name: string, key: string): unknown;
  /** Sets one declared var. */
  writeVar(name: string, key: string, value: unknown): void;
  /** Why the session ended (undefined while it is open). */
  closedReason(): string | undefined;
}

/** What one view holds; the handler below is shared by every view. */
interface ViewTarget {
  readonly internals: DefinitionInternals;
  readonly source: ViewSource;
  readonly computed: ComputedVars;
  /** Made when a closed view is first read (most views never are). */
  readonly?: (value: unknown) => unknown;
  /** Made when a computed var is first read through the view: the document's states as they stand. */
  valuesOf?: (stateName: string) => Record<string, unknown>;
}

function failClosed(target: ViewTarget, key: PropertyKey): never {
  throw new ImmutableStateError(
    `Cannot change "${String(key)}" of state "${target.internals.name}": ${target.source.closedReason()}`,
  );
}

function checkOpen(target: ViewTarget, key: PropertyKey): void {
  if (target.source.closedReason() !== undefined) failClosed(target, key);
}

const viewHandler: ProxyHandler<ViewTarget> = {
  get(target, key) {
    const { internals, source } = target;
    if (typeof key !== 'string') return Reflect.get(source.peekValues(internals.name), key);
    if (internals.computed.has(key)) {
      target.valuesOf ??= (stateName) => source.peekValues(stateName);
      return target.computed.evaluate(internals, key, target.valuesOf);
    }
    const value = source.readVar(internals.name, key);
    if (source.closedReason() === undefined) return value;
    // Once closed, reads see the committed values through read-only proxies (never the raw objects).
    target.readonly ??= createReadonlyWrapper((failed) => failClosed(target, failed));
    return target.readonly(value);
  },
  set(target, key, value) {
    checkOpen(target, key);
    const { internals } = target;
    if (typeof key !== 'string' || !internals.varNames.has(key)) {
      const what =
        typeof key === 'string' && internals.computed.has(key) ? 'a computed var (read-only)' : 'not a declared var';
      throw new StateError(
        'UNKNOWN_VAR',
        `Cannot set "${String(key)}" on state "${internals.name}": it is ${what}. Declare it in defineState('${internals.name}', { vars }).`,
      );
    }
    target.source.writeVar(internals.name, key, value);
    return true;
  },
  deleteProperty(target, key) {
    checkOpen(target, key);
    throw new StateError(
      'UNKNOWN_VAR',
      `Cannot delete "${String(key)}" from state "${target.internals.name}"; vars are declared, set it to null instead.`,
    );
  },
  has(target, key) {
    return Reflect.has(target.source.stateValues(target.internals.name), key);
  },
  ownKeys(target) {
    return Reflect.ownKeys(target.source.stateValues(target.internals.name));
  },
  getOwnPropertyDescriptor(target, key) {
    const descriptor = Reflect.getOwnPropertyDescriptor(target.source.stateValues(target.internals.name), key);
    return descriptor && { ...descriptor, configurable: true };
  },
  defineProperty(target, key) {
    throw new StateError(
      'UNKNOWN_VAR',
      `Cannot define "${String(key)}" on state "${target.internals.name}"; assign a declared var.`,
    );
  },
};

/**
 * A stable, writable view of one state onto whatever draft is current. A generator handler keeps
 * using the same object after each `yield` although every yield commits and starts a new draft.
 * Writes to undeclared or computed vars throw; reading a computed var evaluates it on the draft.
 * One small object per view: the proxy handler is shared.
 */
export function createStateView(
  internals: DefinitionInternals,
  source: ViewSource,
  computed: ComputedVars,
): Record<string, unknown> {
  const target: ViewTarget = { internals, source, computed, readonly: undefined, valuesOf: undefined };
  return new Proxy(target, viewHandler) as unknown as Record<string, unknown>;
}

/**
 * Wraps values in read-only proxies, lazily and cached per object: reads go through, every write
 * calls `fail` (which throws).
 */
export function createReadonlyWrapper(fail: (key: PropertyKey) => never): (value: unknown) => unknown {
  const cache = new WeakMap<object, object>();
  const handler: ProxyHandler<object> = {
    get: (target, key) => wrap(Reflect.get(target, key)),
    set: (_target, key) => fail(key),
    deleteProperty: (_target, key) => fail(key),
    defineProperty: (_target, key) => fail(key),
  };
  function wrap(value: unknown): unknown {
    // A collection outside its step is read-only already (its draft refuses writes once closed).
    if (typeof value !== 'object' || value === null || value instanceof CollectionReader) return value;
    let view = cache.get(value);
    if (!view) {
      view = new Proxy(value, handler);
      cache.set(value, view);
    }
    return view;
  }
  return wrap;
}

/**
 * A deeply read-only view of `values` (the `task.state` of a background task): reads go through,
 * every write throws `ImmutableStateError` with the fix in the message.
 */
export function createReadonlyView(current: () => Record<string, unknown>, stateName: string): Record<string, unknown> {
  const fail = (key: PropertyKey): never => {
    throw new ImmutableStateError(
      `Cannot set "${String(key)}" of state "${stateName}" outside task.modify(); wrap the write in await task.modify((s) => { ... }).`,
    );
  };
  const wrap = createReadonlyWrapper(fail);
  return new Proxy({} as Record<string, unknown>, {
    get: (_target, key) => wrap(Reflect.get(current(), key)),
    set: (_target, key) => fail(key),
    deleteProperty: (_target, key) => fail(key),
    defineProperty: (_target, key) => fail(key),
    has: (_target, key) => Reflect.has(current(), key),
    ownKeys: () => Reflect.ownKeys(current()),
    getOwnPropertyDescriptor(_target, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(current(), key);
      return descriptor && { ...descriptor, value: wrap(descriptor.value), configurable: true };
    },
  });
}
