import type { Middleware } from '@core/server';
import type { App } from '@core/state';
import { CliError } from './cliError.js';

/** What an app module provides: the app, and optionally HTTP handlers served beside the page. */
export interface AppModule {
  readonly app: App;
  readonly middlewares: readonly Middleware[];
}

/**
 * Reads an app module: `export const app = createApp(...)` (or a default export), and optionally
 * `export const middlewares = [(req, res, next) => ...]` for routes such as `/api/...`.
 */
export function resolveAppModule(module: Record<string, unknown>, file: string): AppModule {
  const candidate = (module.app ?? module.default) as Partial<App> | undefined;
  if (
    !candidate ||
    typeof candidate.dispatch !== 'function' ||
    typeof candidate.replaceStates !== 'function' ||
    !Array.isArray(candidate.states)
  ) {
    throw new CliError(`${file} must export the app: export const app = createApp({ states: [...] });`);
  }
  const middlewares = module.middlewares ?? [];
  if (!Array.isArray(middlewares) || middlewares.some((m) => typeof m !== 'function')) {
    throw new CliError(`${file}: \`middlewares\` must be an array of (req, res, next) => void functions.`);
  }
  return { app: candidate as App, middlewares: middlewares as Middleware[] };
}

/** One request handler that runs the current list (so a reload can swap the list in place). */
export function createSwappableMiddleware(initial: readonly Middleware[]): {
  middleware: Middleware;
  replace(next: readonly Middleware[]): void;
} {
  let current = initial;
  return {
    middleware(req, res, next) {
      const list = current;
      let index = 0;
      const step = (error?: unknown) => {
        if (error) return next(error);
        const handler = list[index++];
        if (!handler) return next();
        handler(req, res, step);
      };
      step();
    },
    replace(next) {
      current = next;
    },
  };
}
