import type { ComputedVars } from './computedVars.js';
import type { DefinitionInternals } from './definitionInternals.js';
import { ImmutableStateError, StateError } from './errors.js';

/** Where a state view reads and writes (a `DraftSession`, for one state). */
export interface ViewSource {
  /** The state's values as an object (the immer draft while the session is open). */
  current(): Record<string, unknown>;
  /** The state's values to read from without starting a draft (computed vars read these). */
  peek(): Record<string, unknown>;
  /** One var: a primitive as it is, an object as a draft (so that nested writes are recorded). */
  read(key: string): unknown;
  /** Sets one declared var. */
  write(key: string, value: unknown): void;
}

/**
 * A stable, writable view of one state onto whatever draft is current. A generator handler keeps
 * using the same object after each `yield` although every yield commits and starts a new draft.
 * Writes to undeclared or computed vars throw; reading a computed var evaluates it on the draft.
 */
export function createStateView(
  internals: DefinitionInternals,
  source: ViewSource,
  computed: ComputedVars,
  closedReason: () => string | undefined,
  router: () => Record<string, unknown> | undefined = () => undefined,
): Record<string, unknown> {
  const { current } = source;
  const fail = (key: PropertyKey): never => {
    throw new ImmutableStateError(`Cannot change "${String(key)}" of state "${internals.name}": ${closedReason()}`);
  };
  const checkOpen = (key: PropertyKey) => {
    if (closedReason() !== undefined) fail(key);
  };
  // Once closed, reads see the committed values through read-only proxies (never the raw objects).
  // Made when a closed view is first read (most views never are).
  let readonly: ((value: unknown) => unknown) | undefined;
  return new Proxy({} as Record<string, unknown>, {
    get(_target, key) {
      if (typeof key !== 'string') return Reflect.get(source.peek(), key);
      if (internals.computed.has(key)) return computed.evaluate(internals, key, source.peek(), router());
      const value = source.read(key);
      if (closedReason() === undefined) return value;
      readonly ??= createReadonlyWrapper(fail);
      return readonly(value);
    },
    set(_target, key, value) {
      checkOpen(key);
      if (typeof key !== 'string' || !internals.varNames.has(key)) {
        const what =
          typeof key === 'string' && internals.computed.has(key) ? 'a computed var (read-only)' : 'not a declared var';
        throw new StateError(
          'UNKNOWN_VAR',
          `Cannot set "${String(key)}" on state "${internals.name}": it is ${what}. Declare it in defineState('${internals.name}', { vars }).`,
        );
      }
      source.write(key, value);
      return true;
    },
    deleteProperty(_target, key) {
      checkOpen(key);
      throw new StateError(
        'UNKNOWN_VAR',
        `Cannot delete "${String(key)}" from state "${internals.name}"; vars are declared, set it to null instead.`,
      );
    },
    has(_target, key) {
      return Reflect.has(current(), key);
    },
    ownKeys() {
      return Reflect.ownKeys(current());
    },
    getOwnPropertyDescriptor(_target, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(current(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty(_target, key) {
      throw new StateError(
        'UNKNOWN_VAR',
        `Cannot define "${String(key)}" on state "${internals.name}"; assign a declared var.`,
      );
    },
  });
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
    if (typeof value !== 'object' || value === null) return value;
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
