import { createFilter, type FilterPattern, normalizePath } from 'vite';
import { stripQuery } from './transformStateModule.js';

/** Narrows which files may be state modules: glob patterns (picomatch, relative to the Vite root), RegExps, or a predicate on the absolute file path. */
export type StateModuleMatcher = FilterPattern | ((file: string) => boolean);

/** Options of `coreStatePlugin()`. */
export interface CoreStatePluginOptions {
  /**
   * Only files matching this may be state modules. A file still has to import `defineState` from
   * `@core/state` to be one.
   * @default every `.ts`, `.tsx`, `.mts`, `.js`, `.jsx` and `.mjs` file outside `node_modules`
   * @example coreStatePlugin({ include: 'src/state/**' })
   */
  include?: StateModuleMatcher;
  /**
   * Files matching this are never turned into stubs, even when they import `defineState`.
   * @default nothing (files in `node_modules` are always left alone)
   */
  exclude?: StateModuleMatcher;
}

/** {@link CoreStatePluginOptions} with the patterns compiled against the project root. */
export interface ResolvedCoreStatePluginOptions {
  readonly root: string;
  /** True when the module `id` may be a state module (its content decides the rest). */
  isCandidate(id: string): boolean;
  /** How messages name the module `id`: its path relative to the root. */
  displayName(id: string): string;
}

/** Script files that can hold a state module. */
export const SCRIPT_FILE = /\.(?:[jt]sx?|m[jt]s)(?:\?|$)/;

/**
 * Compiles the plugin options against the Vite root.
 *
 * @example
 * const resolved = resolveCoreStatePluginOptions({ include: 'src/**' }, config.root);
 * resolved.isCandidate('/app/src/state/tasks.ts'); // true
 */
export function resolveCoreStatePluginOptions(
  options: CoreStatePluginOptions,
  root: string,
): ResolvedCoreStatePluginOptions {
  const normalizedRoot = normalizePath(root);
  const included = compile(options.include, normalizedRoot, true);
  const excluded = compile(options.exclude, normalizedRoot, false);
  return {
    root: normalizedRoot,
    isCandidate(id) {
      if (id.startsWith('\0')) return false;
      const file = normalizePath(stripQuery(id));
      if (!SCRIPT_FILE.test(file) || file.includes('/node_modules/')) return false;
      return included(file) && !excluded(file);
    },
    displayName(id) {
      const file = normalizePath(stripQuery(id));
      return file.startsWith(`${normalizedRoot}/`) ? file.slice(normalizedRoot.length + 1) : file;
    },
  };
}

/** A matcher as a predicate; `whenEmpty` is its answer when no matcher was given. */
function compile(matcher: StateModuleMatcher | undefined, root: string, whenEmpty: boolean): (file: string) => boolean {
  if (typeof matcher === 'function') return matcher;
  if (matcher === undefined || matcher === null || (Array.isArray(matcher) && matcher.length === 0)) {
    return () => whenEmpty;
  }
  const matches = createFilter(matcher, null, { resolve: root });
  return (file) => matches(file);
}
