// The handlers a state declares, read from its config and checked (with messages that say the fix).
import { StateError } from '../errors.js';
import type { BackgroundTaskOptions } from '../scopes/index.js';
import { isPlainObject } from './isPlainObject.js';

/** The functions of one handler kind (`events`, `background`'s plain form), checked. */
export function collectFunctions(
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

const EXCLUSIVE_MODES = new Set(['skip', 'restart', 'queue']);

/** The task functions of `background` (plain or `{ run }`) and the options of the object form. */
export function collectBackground(stateName: string, value: unknown) {
  const background = new Map<string, (...args: unknown[]) => unknown>();
  const taskOptions = new Map<string, BackgroundTaskOptions>();
  if (value === undefined) return { background, taskOptions };
  if (!isPlainObject(value)) {
    throw new StateError('INVALID_DEFINITION', `State "${stateName}": \`background\` must be an object of tasks.`);
  }
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'function') {
      background.set(key, entry as (...args: unknown[]) => unknown);
      continue;
    }
    const where = `State "${stateName}": background.${key}`;
    if (!isPlainObject(entry) || typeof entry.run !== 'function') {
      throw new StateError(
        'INVALID_DEFINITION',
        `${where} must be a function or { run(task, payload) { ... }, exclusive?, resume? }, got ${describeEntry(entry)}.`,
      );
    }
    for (const option of Object.keys(entry)) {
      if (option !== 'run' && option !== 'exclusive' && option !== 'resume') {
        throw new StateError(
          'INVALID_DEFINITION',
          `${where} has an unknown option "${option}"; use run, exclusive or resume.`,
        );
      }
    }
    if (entry.exclusive !== undefined && !EXCLUSIVE_MODES.has(entry.exclusive as string)) {
      throw new StateError(
        'INVALID_DEFINITION',
        `${where}.exclusive is ${JSON.stringify(entry.exclusive)}; use 'skip', 'restart' or 'queue'.`,
      );
    }
    if (entry.resume !== undefined && typeof entry.resume !== 'boolean') {
      throw new StateError('INVALID_DEFINITION', `${where}.resume must be true or false.`);
    }
    background.set(key, entry.run as (...args: unknown[]) => unknown);
    taskOptions.set(key, {
      exclusive: entry.exclusive as BackgroundTaskOptions['exclusive'],
      resume: entry.resume === true,
    });
  }
  return { background, taskOptions };
}

function describeEntry(entry: unknown): string {
  if (entry === null) return 'null';
  if (typeof entry !== 'object') return typeof entry;
  return 'an object without a run function';
}

/** Stand-ins for a state's handlers on its definition: a direct call throws `DIRECT_CALL`. */
export function guardDirectCalls(stateName: string, kind: string, handlers: Map<string, unknown>) {
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
