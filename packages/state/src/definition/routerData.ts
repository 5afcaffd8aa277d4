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

/** The name of the built-in router state. */
export const ROUTER_STATE = 'router';

/** How computed vars record a read of the router (`@router.path`). */
export const ROUTER_KEY_PREFIX = '@router.';

/** What `ctx.router` and computed vars see when the app has no router state (or before a visit). */
export const ROUTER_DEFAULTS: Readonly<RouterData> = Object.freeze({
  href: '',
  path: '',
  route: '',
  params: Object.freeze({}),
  query: Object.freeze({}),
  userAgent: '',
  ip: '',
  loading: false,
});

/** A deeply frozen copy of a token's router values, for `ctx.router` (read-only). */
export function readonlyRouter(values: Readonly<Record<string, unknown>> | undefined): Readonly<RouterData> {
  if (!values) return ROUTER_DEFAULTS;
  return deepFreeze(structuredClone({ ...ROUTER_DEFAULTS, ...values })) as RouterData;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
