import { type DefinitionInternals, registerDefinition } from './definitionInternals.js';
import { StateError } from './errors.js';
import { brandEventCreator, createEventSpec } from './eventSpec.js';
import { describeNonJson } from './jsonValue.js';
import type { StateConfig, StateDefinition, VarsShape } from './types.js';

const RESERVED = new Set([
  'name',
  'vars',
  'computed',
  'events',
  'background',
  'scope',
  '__state',
  'then',
  'constructor',
  'toJSON',
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
>(
  name: TName,
  config: StateConfig<TVars, TComputed, TEvents, TBackground>,
): StateDefinition<TName, TVars, TComputed, TEvents, TBackground> {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new StateError(
      'INVALID_DEFINITION',
      `State name ${JSON.stringify(name)} is invalid; use a letter followed by letters, digits, "_" or "-".`,
    );
  }
  const vars = config.vars;
  if (!isPlainObject(vars)) {
    throw new StateError('INVALID_DEFINITION', `State "${name}" needs \`vars\`: an object of defaults.`);
  }
  for (const [key, value] of Object.entries(vars)) {
    const problem = describeNonJson(value, [key]);
    if (problem) {
      throw new StateError(
        'INVALID_DEFINITION',
        `State "${name}": var ${problem}; vars must be JSON values (null, boolean, finite number, string, array, plain object).`,
      );
    }
  }

  const computed = collectFunctions(name, 'computed', config.computed);
  const events = collectFunctions(name, 'events', config.events);
  const background = collectFunctions(name, 'background', config.background);

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

  const scope = config.scope ?? 'tab';
  if (!SCOPES.has(scope)) {
    throw new StateError(
      'INVALID_DEFINITION',
      `State "${name}": scope ${JSON.stringify(scope)} is not one of 'tab', 'session', 'app', 'room'.`,
    );
  }
  const internals: DefinitionInternals = {
    name,
    scope,
    vars,
    varNames: new Set(Object.keys(vars)),
    computed: computed as Map<string, (state: unknown) => unknown>,
    events,
    background,
    // Computed vars count with their source: editing one's body (a hot reload) must recompute it.
    fingerprint: `${Object.keys(vars).sort().join(',')}|${[...computed]
      .map(([key, fn]) => `${key}=${fn}`)
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
  for (const handlerName of [...events.keys(), ...background.keys()]) {
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
  return definition as unknown as StateDefinition<TName, TVars, TComputed, TEvents, TBackground>;
}

function collectFunctions(
  stateName: string,
  kind: string,
  value: unknown,
): Map<string, (...args: unknown[]) => unknown> {
  const result = new Map<string, (...args: unknown[]) => unknown>();
  if (value === undefined) return result;
  if (!isPlainObject(value)) {
    throw new StateError('INVALID_DEFINITION', `State "${stateName}": \`${kind}\` must be an object of functions.`);
  }
  for (const [key, fn] of Object.entries(value)) {
    if (typeof fn !== 'function') {
      throw new StateError(
        'INVALID_DEFINITION',
        `State "${stateName}": ${kind}.${key} must be a function, got ${typeof fn}.`,
      );
    }
    result.set(key, fn as (...args: unknown[]) => unknown);
  }
  return result;
}

function guardDirectCalls(stateName: string, kind: string, handlers: Map<string, unknown>) {
  const guarded: Record<string, () => never> = {};
  for (const handlerName of handlers.keys()) {
    guarded[handlerName] = () => {
      throw new StateError(
        'DIRECT_CALL',
        `The ${kind} ${stateName}.${handlerName} was called directly; handlers run only when dispatched. Return, yield or dispatch ${stateName}.${handlerName}(payload) instead.`,
      );
    };
  }
  return Object.freeze(guarded);
}

/** True for `{}`-style objects (prototype Object or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
