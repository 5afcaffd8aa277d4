import { createContext, useContext } from 'react';
import type { PageRouter } from './pageRouter.js';

/** The router of the nearest `CoreApp` / `PagesRouter`. */
export const RouterContext = createContext<PageRouter | null>(null);

/** The page router; throws a clear error outside a pages app. */
export function usePageRouter(): PageRouter {
  const router = useContext(RouterContext);
  if (!router) {
    throw new Error('[core/react] No router above this component; render pages with <CoreApp> (or mountApp).');
  }
  return router;
}
