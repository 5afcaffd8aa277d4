import { type CollectionItem, type CollectionVar, isCollectionVar } from '../collections/index.js';
import { StateError } from '../errors.js';
import { describeNonJson } from '../jsonValue.js';
import { collectBackground, collectFunctions, guardDirectCalls } from './collectHandlers.js';
import { collectComputed, describeComputedOptions } from './computedOptions.js';
import { type DefinitionInternals, registerDefinition } from './definitionInternals.js';
import { brandEventCreator, createEventSpec } from './eventSpec.js';
import { isPlainObject } from './isPlainObject.js';
import type { StateConfig, StateDefinition } from './stateConfig.js';
import type { VarsShape } from './stateShape.js';
import { isStorageVar, type UnwrapVars } from './storageVar.js';
import { type ResolvedStorageBinding, resolveStorageBinding } from './storedValues.js';
import { isUploadHandler } from './uploadHandler.js';
import { createVarSetter, resolveSetters, SETTER_HANDLER } from './varSetter.js';

const RESERVED = new Set([
  'name',
  'vars',
  'computed',
  'events',
  'background',
  'onTaskEnd',
  'onPresence',
  'scope',
  '__state',
  'then',
  'constructor',
  'toJSON',
  SETTER_HANDLER,
]);
const SCOPES = new Set(['tab', 'session', 'app', 'room']);
const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * Declares a state: its vars, computed vars, event handlers and background tasks. The result
 * carries one typed event creator per handler: `TaskState.setMax(3)` is the event that runs
 * `setMax` with payload `3`.
 *
 * @example
 * export const CounterState = defineState('counter', {
 *   vars: { count: 0, _audit: [] as string[] },
 *   computed: { double: (s) => s.count * 2 },
 *   events: { add(s, n: number) { s.count += n; } },
 * });
 */
export function defineState<
  const TName extends string,
  TVars extends VarsShape,
  TComputed extends Record<string, unknown>,
  TEvents,
  TBackground,
  const TSetters = never,
>(
  name: TName,
  config: StateConfig<TVars, TComputed, TEvents, TBackground, TSetters>,
): StateDefinition<TName, UnwrapVars<TVars>, TComputed, TEvents, TBackground, TSetters> {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new StateError(
      'INVALID_DEFINITION',
      `State name ${JSON.stringify(name)} is invalid; use a letter followed by letters, digits, "_" or "-".`,
    );
  }
  if (!isPlainObject(config.vars)) {
    throw new StateError('INVALID_DEFINITION', `State "${name}" needs \`vars\`: an object of defaults.`);
  }
  // Storage vars (`localStorage('light', ...)`) are unwrapped: their default is the var's value.
  const vars: Record<string, unknown> = {};
  const storage = new Map<string, ResolvedStorageBinding>();
  const collections = new Map<string, CollectionVar<CollectionItem>>();
  for (const [key, value] of Object.entries(config.vars)) {
    if (isStorageVar(value)) storage.set(key, resolveStorageBinding(name, key, value));
    if (isCollectionVar(value)) collections.set(key, value);
    // defineProperty: an own "__proto__" key stays a key (and is then refused as non-JSON-safe below).
    Object.defineProperty(vars, key, {
      value: isStorageVar(value) ? value.value : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  for (const [key, value] of Object.entries(vars)) {
    if (collections.has(key)) continue; // a collection's default is made per document
    const problem = describeNonJson(value, [key]);
    if (problem) {
      throw new StateError(
        'INVALID_DEFINITION',
        `State "${name}": var ${problem}; vars must be state data (null, boolean, number, string, array, plain object).`,
      );
    }
  }

  const { functions: computed, options: computedOptions } = collectComputed(
    name,
    config.computed,
    new Set(Object.keys(vars)),
  );
  const events = collectFunctions(name, 'events', config.events);

  const { background, taskOptions } = collectBackground(name, config.background);
  const onTaskEnd = config.onTaskEnd;
  if (onTaskEnd !== undefined && typeof onTaskEnd !== 'function') {
    throw new StateError(
      'INVALID_DEFINITION',
      `State "${name}": onTaskEnd must be a function (state, { name, reason }, ctx) => ..., got ${typeof onTaskEnd}.`,
    );
  }

  const onPresence = config.onPresence;
  if (onPresence !== undefined && typeof onPresence !== 'function') {
    throw new StateError(
      'INVALID_DEFINITION',
      `State "${name}": onPresence must be a function (state, { kind, page, count }, ctx) => ..., got ${typeof onPresence}.`,
    );
  }

  const seen = new Map<string, string>();
  for (const [kind, keys] of [
    ['vars', Object.keys(vars)],
    ['computed', [...computed.keys()]],
    ['events', [...events.keys()]],
    ['background', [...background.keys()]],
  ] as const) {
    for (const key of keys) {
      const other = seen.get(key);
      if (other) {
        throw new StateError(
          'INVALID_DEFINITION',
          `State "${name}" declares "${key}" in both ${other} and ${kind}; rename one.`,
        );
      }
      seen.set(key, kind);
      if (kind !== 'vars' && kind !== 'computed' && RESERVED.has(key)) {
        throw new StateError(
          'INVALID_DEFINITION',
          `State "${name}" cannot name a handler "${key}"; the name is reserved.`,
        );
      }
    }
  }

  const settable = resolveSetters(name, vars, config.setters);
  if (settable.length > 0) {
    if (events.has('set')) {
      throw new StateError(
        'INVALID_DEFINITION',
        `State "${name}" declares setters and a handler named "set"; State.set(name, value) is the setters' event, so rename the handler.`,
      );
    }
    events.set(SETTER_HANDLER, createVarSetter(name, vars, settable) as (...args: unknown[]) => unknown);
  }

  const scope = config.scope ?? 'tab';
  if (!SCOPES.has(scope)) {
    throw new StateError(
      'INVALID_DEFINITION',
      `State "${name}": scope ${JSON.stringify(scope)} is not one of 'tab', 'session', 'app', 'room'.`,
    );
  }
  if (storage.size > 0 && scope !== 'tab') {
    throw new StateError(
      'INVALID_DEFINITION',
      `State "${name}" (scope '${scope}') declares storage vars; a browser's storage belongs to one tab's state, so declare them in a tab-scoped state.`,
    );
  }
  const internals: DefinitionInternals = {
    name,
    scope,
    vars,
    varNames: new Set(Object.keys(vars)),
    computed: computed as Map<string, (state: unknown) => unknown>,
    computedOptions,
    events,
    background,
    taskOptions,
    onTaskEnd: onTaskEnd as ((...args: unknown[]) => unknown) | undefined,
    onPresence: onPresence as ((...args: unknown[]) => unknown) | undefined,
    uploads: new Set([...events].filter(([, fn]) => isUploadHandler(fn)).map(([key]) => key)),
    storage,
    collections,
    // Computed vars count with their source: editing one's body (a hot reload) must recompute it.
    // A collection var counts with its kind: a plain var turned into a collection is reconciled.
    fingerprint: `${Object.keys(vars)
      .map((key) => (collections.has(key) ? `${key}:collection` : key))
      .sort()
      .join(',')}|${[...computed]
      .map(([key, fn]) => `${key}=${fn}${describeComputedOptions(computedOptions.get(key))}`)
      .sort()
      .join(',')}`,
  };

  const definition: Record<string, unknown> = {
    name,
    vars,
    computed: Object.freeze(Object.fromEntries(computed)),
    events: guardDirectCalls(name, 'event handler', events),
    background: guardDirectCalls(name, 'background task', background),
  };
  if (settable.length > 0) {
    definition.set = brandEventCreator(name, SETTER_HANDLER, (varName: unknown, value: unknown) =>
      createEventSpec(name, SETTER_HANDLER, { name: varName, value }),
    );
  }
  for (const handlerName of [...events.keys(), ...background.keys()]) {
    if (handlerName === SETTER_HANDLER) continue;
    definition[handlerName] = brandEventCreator(name, handlerName, (...args: unknown[]) => {
      if (args.length > 1) {
        throw new StateError(
          'DIRECT_CALL',
          `${name}.${handlerName}(...) takes one payload argument and returns an event; to run the handler, return, yield or dispatch ${name}.${handlerName}(payload).`,
        );
      }
      return createEventSpec(name, handlerName, args[0]);
    });
  }
  Object.freeze(definition);
  registerDefinition(definition, internals);
  return definition as unknown as StateDefinition<TName, UnwrapVars<TVars>, TComputed, TEvents, TBackground, TSetters>;
}
