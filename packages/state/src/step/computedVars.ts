import type { Patch } from 'immer';
import type { DefinitionInternals, ResolvedComputedOptions, StateRegistry } from '../definition/index.js';
import { describeNonJson, isEqual, ROUTER_KEY_PREFIX, ROUTER_STATE } from '../definition/index.js';
import { StateError } from '../errors.js';
import { ComputedFlights, type SettleComputed } from './computedFlights.js';
import { ComputedIntervals } from './computedIntervals.js';
import { type ComputedSink, computedFailure, type ForcedComputed, forceKey } from './computedMarks.js';
import { ComputedReads, type ReaderIndex, trackReads, type ValuesOf } from './computedReads.js';
import { isPromiseLike } from './handlerResult.js';

type States = Record<string, Record<string, unknown>>;
type ComputedFunction = (state: object, context: ComputedReads) => unknown;

/** How many times one commit follows computed vars reading other states' computed vars. */
const MAX_ROUNDS = 8;

/**
 * Keeps computed vars up to date. Each computed var's value is cached in the stored state; after a
 * commit it is recomputed only when a var it read last time changed, one of its `deps` changed,
 * `ctx.recompute` asked for it or its `interval` expired. Dependencies are the top-level keys read,
 * unioned over every evaluation in this process (a superset is safe: it only costs a
 * recomputation); a computed var never evaluated here counts as depending on everything. The
 * context's reads count too: the router's keys (`@router.<key>`) and, through `get(Other)`, another
 * state's (`@<state>.<key>`), followed across states for a few rounds per commit. A function that
 * returns a promise is an async computed var: its run goes to {@link ComputedFlights} and its
 * result is committed by a later step.
 */
export class ComputedVars {
  readonly flights: ComputedFlights;
  /** Which interval vars of a document have expired (what its next commit recomputes). */
  readonly intervals = new ComputedIntervals();
  readonly #registry: StateRegistry;
  #deps = new WeakMap<DefinitionInternals, Map<string, Set<string>>>();
  /** Per state name: the states whose computed vars read it through `get`. */
  readonly #readers: ReaderIndex = new Map();
  /** States every computed var of which was evaluated in this process. */
  #evaluated = new WeakSet<DefinitionInternals>();
  #pending: { shape: string; list: DefinitionInternals[]; evaluated: number } | undefined;
  /** How many states were added to `#evaluated` (the pending list is filtered again when it grows). */
  #evaluatedCount = 0;
  /** Functions known to return promises: a handler's read gives their last value. */
  #async = new WeakSet<object>();

  constructor(registry: StateRegistry, settle: SettleComputed) {
    this.#registry = registry;
    this.flights = new ComputedFlights(settle);
  }

  /**
   * Recomputes the computed vars of `internals` whose dependencies intersect `changed` (every one
   * when `changed` is `'all'`; a key `!name` forces `name`), writes the new values into `values` (a
   * fresh object owned by the caller, `states[internals.name]`) and appends a patch per value that
   * changed. A computed var that throws, or returns what a state cannot hold, fails alone: it keeps
   * its last value (`null` at first) and the failure, naming it, goes to `sink` — the step and the
   * other vars go on.
   */
  update(
    internals: DefinitionInternals,
    values: Record<string, unknown>,
    changed: ReadonlySet<string> | 'all',
    patches: Patch[],
    states: Readonly<States>,
    sink?: ComputedSink,
  ): void {
    if (internals.computed.size === 0) return;
    let deps = this.#deps.get(internals);
    if (!deps) this.#deps.set(internals, (deps = new Map()));
    const dirty = changed === 'all' ? undefined : new Set(changed);
    const valuesOf: ValuesOf = (name) => states[name];
    let now: number | undefined;
    for (const [name, fn] of internals.computed) {
      const options = internals.computedOptions.get(name);
      const known = deps.get(name);
      if (dirty && !isDirty(name, options, known, dirty)) continue;
      const full = `${internals.name}.${name}`;
      if (options?.interval !== undefined && sink) sink.stamp(full, (now ??= Date.now()));
      const running = sink && this.flights.get(sink.key, full);
      if (running) {
        // One run at a time: the running one is outdated now and runs again when it ends.
        running.superseded = true;
        keepValue(internals, name, values, patches);
        continue;
      }
      const read = options?.autoDeps === false ? undefined : new Set<string>();
      let value: unknown;
      try {
        value = (fn as ComputedFunction)(
          trackReads(values, read, ''),
          new ComputedReads(this.#registry, internals, valuesOf, read, this.#readers),
        );
        if (isPromiseLike(value)) {
          this.#async.add(fn);
          learn(deps, name, known, read);
          if (sink) this.flights.start(sink.key, sink.epoch, internals, name, value);
          else Promise.resolve(value).catch(() => undefined);
          keepValue(internals, name, values, patches);
          continue;
        }
        const problem = describeNonJson(value, [internals.name, name]);
        if (problem) throw new StateError('COMPUTED_VAR', `Computed var ${problem}; it keeps its last value.`);
      } catch (error) {
        // Its dependencies stay unknown (or as they were): it is tried again at the next commit.
        sink?.failed(computedFailure(internals.name, name, error));
        if (known && read) for (const key of read) known.add(key);
        keepValue(internals, name, values, patches);
        continue;
      }
      learn(deps, name, known, read);
      if (Object.hasOwn(values, name) && isEqual(values[name], value)) continue;
      const op = Object.hasOwn(values, name) ? 'replace' : 'add';
      values[name] = value;
      patches.push({ op, path: [internals.name, name], value });
      dirty?.add(name);
    }
    if (!this.#evaluated.has(internals)) {
      this.#evaluated.add(internals);
      this.#evaluatedCount += 1;
    }
  }

  /** Recomputes every computed var of `layout`'s states (a reconciled or new document). */
  updateAll(layout: readonly DefinitionInternals[], states: States, patches: Patch[], sink?: ComputedSink): void {
    for (const internals of layout) {
      // A fresh object per state, so computed values can be written without touching the old doc.
      states[internals.name] = { ...states[internals.name] };
      this.update(internals, states[internals.name], 'all', patches, states, sink);
    }
  }

  /**
   * Recomputes the computed vars of the states whose top-level keys the patches changed (and, on a
   * navigation, of every state that may read the router; and of the states reading a changed state
   * through `get`), plus those `forced`, writing into `states` (a finished commit's; a state still
   * shared with `base` gets its own object first). Values that changed are followed into the states
   * reading them, for a few rounds.
   */
  updateChanged(base: States, states: States, patches: Patch[], sink?: ComputedSink, forced?: ForcedComputed): void {
    const registry = this.#registry;
    let changed: ForcedComputed | undefined = forced && new Map(forced);
    const mark = (internals: DefinitionInternals, key: string | undefined) => {
      changed ??= new Map();
      let keys = changed.get(internals);
      if (!keys) changed.set(internals, (keys = new Set()));
      if (key !== undefined) keys.add(key);
    };
    let start = 0;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const end = patches.length;
      const routerKeys: string[] = [];
      for (let i = start; i < end; i++) {
        const [stateName, rawKey] = patches[i].path as [string, string | number | undefined];
        const key = rawKey === undefined ? undefined : String(rawKey);
        if (stateName === ROUTER_STATE) {
          if (round === 0) routerKeys.push(ROUTER_KEY_PREFIX + (key ?? ''));
          continue;
        }
        const internals = round === 0 ? registry.get(stateName) : undefined;
        if (internals && internals.computed.size > 0) mark(internals, key);
        for (const reader of this.#readers.get(stateName) ?? []) {
          const readerInternals = registry.get(reader);
          if (readerInternals && states[reader]) mark(readerInternals, `@${stateName}.${key ?? ''}`);
        }
      }
      if (round === 0 && end > 0) {
        // A navigation: every state with computed vars may read the router (`@router.<key>`).
        for (const internals of routerKeys.length > 0 ? registry.all() : []) {
          if (internals.computed.size > 0) for (const key of routerKeys) mark(internals, key);
        }
        // Never evaluated here: it may read any state of the document.
        for (const internals of this.#unevaluated()) if (states[internals.name]) mark(internals, undefined);
      }
      const work = changed;
      if (!work) return;
      changed = undefined;
      for (const [internals, keys] of work) {
        // Computed values are written into the finished state: give it its own object first when
        // the draft left it shared with the previous document.
        if (states[internals.name] === base[internals.name]) states[internals.name] = { ...states[internals.name] };
        this.update(internals, states[internals.name], keys, patches, states, sink);
      }
      start = end;
      if (patches.length === start) return;
    }
  }

  /**
   * A computed var read inside a handler: evaluated fresh on what the handler sees, untracked — or,
   * for one that only recomputes when told (`autoDeps: false`, an `interval`, an async function),
   * its value as of the last commit.
   */
  evaluate(internals: DefinitionInternals, name: string, valuesOf: ValuesOf): unknown {
    const fn = internals.computed.get(name);
    const values = valuesOf(internals.name) ?? {};
    const options = internals.computedOptions.get(name);
    if (!fn || options?.autoDeps === false || options?.interval !== undefined || this.#isAsync(fn)) return values[name];
    const value = (fn as ComputedFunction)(values, new ComputedReads(this.#registry, internals, valuesOf, undefined));
    if (!isPromiseLike(value)) return value;
    this.#async.add(fn);
    Promise.resolve(value).catch(() => undefined);
    return values[name];
  }

  #isAsync(fn: object): boolean {
    return this.#async.has(fn) || fn.constructor?.name === 'AsyncFunction';
  }

  /** The app's states with computed vars not all evaluated in this process yet. */
  #unevaluated(): readonly DefinitionInternals[] {
    const registry = this.#registry;
    let pending = this.#pending;
    if (pending?.shape !== registry.shape) {
      const list = [...registry.all()].filter((i) => i.computed.size > 0);
      pending = { shape: registry.shape, list, evaluated: -1 };
      this.#pending = pending;
    }
    // Filtered again only when some state was evaluated since: no allocation per commit.
    if (pending.list.length > 0 && pending.evaluated !== this.#evaluatedCount) {
      pending.list = pending.list.filter((i) => !this.#evaluated.has(i));
      pending.evaluated = this.#evaluatedCount;
    }
    return pending.list;
  }
}

/** True when a computed var must be recomputed for these changed keys. */
function isDirty(
  name: string,
  options: ResolvedComputedOptions | undefined,
  known: ReadonlySet<string> | undefined,
  dirty: ReadonlySet<string>,
): boolean {
  if (dirty.has(forceKey(name))) return true;
  if (options?.deps && intersects(options.deps, dirty)) return true;
  if (options?.autoDeps === false) return false;
  return known === undefined || intersects(known, dirty);
}

/** Records what an evaluation read as (part of) a var's dependencies; nothing for `autoDeps: false`. */
function learn(
  deps: Map<string, Set<string>>,
  name: string,
  known: Set<string> | undefined,
  read: Set<string> | undefined,
): void {
  if (!read) return;
  if (known) for (const key of read) known.add(key);
  // The set itself: an async function's later reads (after an await) land in it too.
  else deps.set(name, read);
}

/** A var without a new value: it keeps its last one, or starts as `null` in a new document. */
function keepValue(internals: DefinitionInternals, name: string, values: Record<string, unknown>, patches: Patch[]) {
  if (Object.hasOwn(values, name)) return;
  values[name] = null;
  patches.push({ op: 'add', path: [internals.name, name], value: null });
}

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const key of a) if (b.has(key)) return true;
  return false;
}
