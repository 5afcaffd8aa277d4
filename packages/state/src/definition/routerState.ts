import { defineState } from './defineState.js';
import type { RouteParams, RouterNavigation } from './routerData.js';

/**
 * The built-in `router` state: where the token's page is (path, route, params, query), who asks
 * (user agent, IP) and whether its on-load events are still running. Servers with pages include it
 * (`createApp({ router: true })`, or a server with pages); handlers read it with
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
