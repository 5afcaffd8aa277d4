import { StateError } from '../errors.js';
import { isPlainObject } from './isPlainObject.js';

/** How one computed var is kept up to date, beside the default (tracked reads, no expiry). */
export interface ResolvedComputedOptions {
  /** Names of the state's vars and computed vars it depends on besides (or instead of) its reads. */
  readonly deps: ReadonlySet<string> | undefined;
  /** False: only `deps`, `ctx.recompute` and `interval` recompute it; its reads are not tracked. */
  readonly autoDeps: boolean;
  /** Milliseconds after which its value expires: the next step on its document recomputes it. */
  readonly interval: number | undefined;
}

/** A state's computed vars: their functions, and the options of those declared in the object form. */
export interface CollectedComputed {
  readonly functions: Map<string, (...args: unknown[]) => unknown>;
  readonly options: Map<string, ResolvedComputedOptions>;
}

const OPTION_NAMES = new Set(['fn', 'deps', 'autoDeps', 'interval']);

/**
 * Reads `computed` of a state's config: each entry a function, or `{ fn, deps?, autoDeps?,
 * interval? }`. `varNames` are the state's vars; `deps` may name them and the state's other
 * computed vars. Throws `INVALID_DEFINITION` saying what is wrong.
 */
export function collectComputed(stateName: string, value: unknown, varNames: ReadonlySet<string>): CollectedComputed {
  const functions = new Map<string, (...args: unknown[]) => unknown>();
  const options = new Map<string, ResolvedComputedOptions>();
  if (value === undefined) return { functions, options };
  if (!isPlainObject(value)) {
    throw new StateError(
      'INVALID_DEFINITION',
      `State "${stateName}": \`computed\` must be an object of computed vars.`,
    );
  }
  const declaredDeps = new Map<string, readonly unknown[]>();
  for (const [key, entry] of Object.entries(value)) {
    const where = `State "${stateName}": computed.${key}`;
    if (typeof entry === 'function') {
      functions.set(key, entry as (...args: unknown[]) => unknown);
      continue;
    }
    if (!isPlainObject(entry) || typeof entry.fn !== 'function') {
      throw new StateError(
        'INVALID_DEFINITION',
        `${where} must be a function (s) => value, or { fn, deps?, autoDeps?, interval? }, got ${entry === null ? 'null' : typeof entry}.`,
      );
    }
    for (const option of Object.keys(entry)) {
      if (!OPTION_NAMES.has(option)) {
        throw new StateError(
          'INVALID_DEFINITION',
          `${where} has an unknown option "${option}"; use fn, deps, autoDeps or interval.`,
        );
      }
    }
    const { deps, autoDeps, interval } = entry;
    if (deps !== undefined && (!Array.isArray(deps) || deps.some((dep) => typeof dep !== 'string'))) {
      throw new StateError('INVALID_DEFINITION', `${where}.deps must be a list of var names, e.g. deps: ['items'].`);
    }
    if (autoDeps !== undefined && typeof autoDeps !== 'boolean') {
      throw new StateError('INVALID_DEFINITION', `${where}.autoDeps must be true or false.`);
    }
    if (interval !== undefined && (typeof interval !== 'number' || !(interval > 0) || !Number.isFinite(interval))) {
      throw new StateError(
        'INVALID_DEFINITION',
        `${where}.interval is ${JSON.stringify(interval)}; give a number of milliseconds above 0 (15_000 for 15 s).`,
      );
    }
    functions.set(key, entry.fn as (...args: unknown[]) => unknown);
    if (deps) declaredDeps.set(key, deps);
    options.set(key, {
      deps: deps && new Set(deps as string[]),
      autoDeps: autoDeps !== false,
      interval: interval as number | undefined,
    });
  }
  for (const [key, deps] of declaredDeps) {
    for (const dep of deps as string[]) {
      if (dep === key || (!varNames.has(dep) && !functions.has(dep))) {
        throw new StateError(
          'INVALID_DEFINITION',
          `State "${stateName}": computed.${key}.deps names "${dep}", which is ${dep === key ? 'the var itself' : 'not a var or computed var of the state'}; list the state's own vars.`,
        );
      }
    }
  }
  return { functions, options };
}

/** The options of a computed var, as its state's fingerprint records them (a change recomputes it). */
export function describeComputedOptions(options: ResolvedComputedOptions | undefined): string {
  if (!options) return '';
  return JSON.stringify([options.deps && [...options.deps].sort(), options.autoDeps, options.interval]);
}
