import { defineState } from './defineState.js';

/** Path parameters of a route: one string per `[name]`, a list of segments per `[...name]`. */
export type RouteParams = Record<string, string | string[]>;

/** Where a token's page is: what the `router` state holds and `ctx.router` reads. */
export interface RouterData {
  /** Path and query string as the page has it, e.g. `/users/7?tab=posts`; `''` before the first visit. */
  href: string;
  /** The path, e.g. `/users/7`. */
  path: string;
  /** The matched route pattern (`/users/:id`), `''` when no page matched (the 404 page). */
  route: string;
  /** Path parameters of the matched route (`{ id: '7' }`). */
  params: RouteParams;
  /** Query string values (the last one of a repeated key). */
  query: Record<string, string>;
  /** The `User-Agent` of the page's request or connection. */
  userAgent: string;
  /** The client's IP: the socket's peer, or the first `X-Forwarded-For` hop when the proxy is trusted. */
  ip: string;
  /** True from a navigation until the page's on-load events have run. */
  loading: boolean;
}

/** A navigation as the server applies it to the `router` state (see `RouterState._navigate`). */
export type RouterNavigation = Omit<RouterData, 'loading'>;

/**
 * The built-in `router` state: where the token's page is (path, route, params, query), who asks
 * (user agent, IP) and whether its on-load events are still running. Servers with pages include it
 * (`createApp({ router: true })` or `app.enableRouter()`); handlers read it with
 * `await ctx.get(RouterState)`, pages with `useRouter()`. Its handlers are backend-only: a page
 * cannot set its own route data.
 */
export const RouterState = defineState('router', {
  vars: {
    href: '',
    path: '',
    route: '',
    params: {} as RouteParams,
    query: {} as Record<string, string>,
    userAgent: '',
    ip: '',
    loading: false,
  },
  events: {
    /** Sets the new location and marks the page as loading (its on-load events run next). */
    _navigate(s, to: RouterNavigation) {
      s.href = to.href;
      s.path = to.path;
      s.route = to.route;
      s.params = to.params;
      s.query = to.query;
      if (s.userAgent !== to.userAgent) s.userAgent = to.userAgent;
      if (s.ip !== to.ip) s.ip = to.ip;
      s.loading = true;
    },
    /** The on-load events of `href` have run (ignored if the page has moved on since). */
    _loaded(s, href: string) {
      if (s.href === href) s.loading = false;
    },
  },
});
