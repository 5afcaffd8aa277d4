import type { RouteParams } from '@core/state';
import type { RouteDefinition } from './routeDefinition.js';

/** A location split into what routes need. */
export interface ParsedHref {
  /** Path and query string, e.g. `/users/7?tab=a`. */
  readonly href: string;
  /** The path as in the URL (percent-encoded), e.g. `/users/7`; params are decoded. */
  readonly path: string;
  readonly query: Record<string, string>;
}

/** Splits a same-origin href (`/users/7?tab=a#x`) into path and query; the hash is dropped. */
export function parseHref(href: string): ParsedHref {
  const url = new URL(href, 'http://x');
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = value;
  return { href: url.pathname + url.search, path: url.pathname, query };
}

/**
 * The first route whose pattern matches `path`, with its params (decoded); undefined when none
 * does. Routes are tried in order: the table lists the most specific first.
 *
 * @example
 * matchRoute(routes, '/users/7'); // { route: <'/users/:id'>, params: { id: '7' } }
 */
export function matchRoute<TRoute extends Pick<RouteDefinition, 'pattern'>>(
  routes: readonly TRoute[],
  path: string,
): { route: TRoute; params: RouteParams } | undefined {
  const parts = splitPath(path);
  for (const route of routes) {
    const params = matchPattern(route.pattern, parts);
    if (params) return { route, params };
  }
  return undefined;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((part) => part !== '');
}

function matchPattern(pattern: string, parts: readonly string[]): RouteParams | undefined {
  const segments = splitPath(pattern);
  const params: RouteParams = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (segment.startsWith('*')) {
      const optional = segment.endsWith('?');
      const name = segment.slice(1, optional ? -1 : undefined);
      const rest = parts.slice(i).map(decodeSegment);
      if (rest.length === 0 && !optional) return undefined;
      params[name] = rest;
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeSegment(part);
    else if (decodeSegment(segment) !== decodeSegment(part)) return undefined;
  }
  return parts.length === segments.length ? params : undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
