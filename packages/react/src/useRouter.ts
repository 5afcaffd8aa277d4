import type { RouteParams } from '@core/state';
import { useSyncExternalStore } from 'react';
import { useCoreClient } from './coreContext.js';
import type { NavigateOptions } from './pageRouter.js';
import type { ParamsFor } from './routeDefinition.js';
import { usePageRouter } from './routerContext.js';

/** What {@link useRouter} returns. */
export interface RouterInfo<TParams = RouteParams> {
  /** Path and query string, e.g. `/users/7?tab=a`. */
  readonly href: string;
  /** The path, e.g. `/users/7`. */
  readonly path: string;
  /** Path parameters of the route (`{ id: '7' }` for `/users/[id]`; a list for `[...slug]`). */
  readonly params: TParams;
  readonly query: Readonly<Record<string, string>>;
  /** The route pattern (`/users/:id`); undefined on the 404 page. */
  readonly route: string | undefined;
  /**
   * True until the page's modules have loaded and the server has run its on-load events: data of
   * the previous page may still show, so render a placeholder for what on-load fills in.
   */
  readonly loading: boolean;
  /** Goes to `href` (history push, or replace with `{ replace: true }`); another origin loads normally. */
  navigate(href: string, options?: NavigateOptions): Promise<void>;
}

/**
 * The current location, route params and query of a pages app, whether the page is still loading,
 * and `navigate`. The type argument is the route's pattern (or its params): `useRouter<'/users/:id'>()`
 * types `params` as `{ id: string }`.
 *
 * @example
 * const { params, loading, navigate } = useRouter<'/users/:id'>();
 */
export function useRouter<T extends string | RouteParams = RouteParams>(): RouterInfo<ParamsFor<T>> {
  const router = usePageRouter();
  const client = useCoreClient();
  const snapshot = useSyncExternalStore(router.subscribe, router.getSnapshot, router.getSnapshot);
  const href = snapshot.page.href;
  // The server's `router` state lags behind a navigation (or belongs to another location when the
  // tab switched to its own token): loading until it is here and done.
  const serverBehind = () => {
    const server = client.getState()?.router as { href?: unknown; loading?: unknown } | undefined;
    return server !== undefined && (server.href !== href || server.loading === true);
  };
  const behind = useSyncExternalStore(client.subscribe, serverBehind, serverBehind);
  return {
    href,
    path: snapshot.page.path,
    params: snapshot.page.params as ParamsFor<T>,
    query: snapshot.page.query,
    route: snapshot.page.route?.pattern,
    loading: snapshot.navigating || behind,
    navigate: router.navigate,
  };
}
