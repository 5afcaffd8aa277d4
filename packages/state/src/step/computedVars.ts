import type { Patch } from 'immer';
import type { DefinitionInternals, StateRegistry } from '../definition/index.js';
import { describeNonJson, isEqual, ROUTER_DEFAULTS, ROUTER_KEY_PREFIX, ROUTER_STATE } from '../definition/index.js';
import { StateError } from '../errors.js';

type States = Record<string, Record<string, unknown>>;

/** Where the computed vars that fail in a commit are told of. */
export interface FailureSink {
  failed(failure: ComputedFailure): void;
}

/** A computed var that failed in a commit (it kept its last value): `state.var` and why. */
export interface ComputedFailure {
  readonly name: string;
  readonly error: StateError;
}

function computedFailure(state: string, name: string, error: unknown): ComputedFailure {
  const full = `${state}.${name}`;
  if (error instanceof StateError && error.code === 'COMPUTED_VAR') return { name: full, error };
  const message = error instanceof Error ? error.message : String(error);
  return {
    name: full,
    error: new StateError('COMPUTED_VAR', `Computed var "${full}" failed: ${message}; it keeps its last value.`, {
      cause: error,
    }),
  };
}

/**
 * Keeps computed vars up to date. Each computed var's value is cached in the stored state; after a
 * commit it is recomputed only when a var it read last time changed. Dependencies are the
 * top-level keys read, unioned over every evaluation in this process (a superset is safe: it only
 * costs a recomputation); a computed var never evaluated here counts as depending on everything.
 * The second argument of a computed function holds the token's `router` data; what it reads of
 * it counts as a dependency too (`@router.<key>`), so a computed var reading `router.path`
 * updates by itself on each navigation.
 */
export class ComputedVars {
  #deps = new WeakMap<DefinitionInternals, Map<string, Set<string>>>();

  /**
   * Recomputes the computed vars of `internals` whose dependencies intersect `changed` (every one
   * when `changed` is `'all'`), writes the new values into `values` (a fresh object owned by the
   * caller) and appends a `replace` patch per value that changed. A computed var that throws, or
   * returns what a state cannot hold, fails alone: it keeps its last value (`null` at first) and
   * the failure, naming it, goes to `failures` — the step and the other vars go on.
   */
  update(
    internals: DefinitionInternals,
    values: Record<string, unknown>,
    changed: ReadonlySet<string> | 'all',
    patches: Patch[],
    router: Readonly<Record<string, unknown>> | undefined,
    failures?: FailureSink,
  ): void {
    if (internals.computed.size === 0) return;
    let deps = this.#deps.get(internals);
    if (!deps) {
      deps = new Map();
      this.#deps.set(internals, deps);
    }
    const dirty = changed === 'all' ? undefined : new Set(changed);
    for (const [name, fn] of internals.computed) {
      const known = deps.get(name);
      if (dirty && known && !intersects(known, dirty)) continue;
      const read = new Set<string>();
      let value: unknown;
      try {
        value = (fn as ComputedFn)(trackReads(values, read, ''), {
          router: trackReads(router ?? ROUTER_DEFAULTS, read, ROUTER_KEY_PREFIX),
        });
        const problem = describeNonJson(value, [internals.name, name]);
        if (problem) throw new StateError('COMPUTED_VAR', `Computed var ${problem}; it keeps its last value.`);
      } catch (error) {
        // Its dependencies stay unknown (or as they were): it is tried again at the next commit.
        failures?.failed(computedFailure(internals.name, name, error));
        if (known) for (const key of read) known.add(key);
        if (Object.hasOwn(values, name)) continue;
        values[name] = null;
        patches.push({ op: 'add', path: [internals.name, name], value: null });
        continue;
      }
      if (known) for (const key of read) known.add(key);
      else deps.set(name, read);
      if (Object.hasOwn(values, name) && isEqual(values[name], value)) continue;
      const op = Object.hasOwn(values, name) ? 'replace' : 'add';
      values[name] = value;
      patches.push({ op, path: [internals.name, name], value });
      dirty?.add(name);
    }
  }

  /** Recomputes every computed var of `layout`'s states (a reconciled or new document). */
  updateAll(layout: readonly DefinitionInternals[], states: States, patches: Patch[], failures?: FailureSink): void {
    for (const internals of layout) {
      // A fresh object per state, so computed values can be written without touching the old doc.
      states[internals.name] = { ...states[internals.name] };
      this.update(internals, states[internals.name], 'all', patches, states[ROUTER_STATE], failures);
    }
  }

  /**
   * Recomputes the computed vars of the states whose top-level keys the patches changed (and, on a
   * navigation, of every state that may read the router), writing into `states` (a finished
   * commit's; a state still shared with `base` gets its own object first).
   */
  updateChanged(registry: StateRegistry, base: States, states: States, patches: Patch[], failures?: FailureSink): void {
    let changed: Map<DefinitionInternals, Set<string>> | undefined;
    const routerKeys: string[] = [];
    for (const patch of patches) {
      const [stateName, key] = patch.path as [string, string | undefined];
      if (stateName === ROUTER_STATE) routerKeys.push(ROUTER_KEY_PREFIX + String(key ?? ''));
      const internals = registry.get(stateName);
      if (!internals || internals.computed.size === 0) continue;
      changed ??= new Map();
      let keys = changed.get(internals);
      if (!keys) changed.set(internals, (keys = new Set()));
      if (key !== undefined) keys.add(String(key));
    }
    if (routerKeys.length > 0) {
      // A navigation: every state with computed vars may read the router (`@router.<key>`).
      for (const internals of registry.all()) {
        if (internals.computed.size === 0) continue;
        changed ??= new Map();
        let keys = changed.get(internals);
        if (!keys) changed.set(internals, (keys = new Set()));
        for (const key of routerKeys) keys.add(key);
      }
    }
    if (!changed) return;
    for (const [internals, keys] of changed) {
      // Computed values are written into the finished state: give it its own object first when
      // the draft left it shared with the previous document.
      if (states[internals.name] === base[internals.name]) {
        states[internals.name] = { ...states[internals.name] };
      }
      this.update(internals, states[internals.name], keys, patches, states[ROUTER_STATE], failures);
    }
  }

  /** Evaluates a computed var fresh, untracked (reads inside a handler see the current draft). */
  evaluate(internals: DefinitionInternals, name: string, state: object, router: object | undefined): unknown {
    return (internals.computed.get(name) as ComputedFn | undefined)?.(state, { router: router ?? ROUTER_DEFAULTS });
  }
}

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const key of a) if (b.has(key)) return true;
  return false;
}

type ComputedFn = (state: object, context: { router: object }) => unknown;

function trackReads(
  values: Readonly<Record<string, unknown>>,
  read: Set<string>,
  prefix: string,
): Readonly<Record<string, unknown>> {
  return new Proxy(values, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(prefix + key);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === 'string') read.add(prefix + key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      for (const key of Object.keys(target)) read.add(prefix + key);
      return Reflect.ownKeys(target);
    },
    set() {
      return false;
    },
  });
}
