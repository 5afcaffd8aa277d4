import type { RouterData } from './routerState.js';

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
