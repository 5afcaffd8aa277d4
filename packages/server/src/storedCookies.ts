import type { StorageBinding } from '@core/state/internal';
import { cookiePathCovers } from '@core/state/protocol';
import { readCookies } from './sessionCookie.js';

/**
 * The values of cookie-bound storage vars in a request's `Cookie` header, keyed as the page sends
 * stored values (`cookie:<name>`), with null for a cookie the request would carry but does not
 * (it expired or was cleared: the var goes back to its default); undefined when the app has no
 * cookie vars. A server render applies them before the page's on-load events, as a socket does
 * with the values its page sends. Secure cookies on a plain-http request and cookies whose path
 * does not cover `path` tell nothing and are left out.
 */
export function storedCookies(
  header: string | undefined,
  bindings: readonly StorageBinding[],
  path: string,
  secure: boolean,
): Record<string, string | null> | undefined {
  const cookies = readCookies(header ?? '');
  const values: Record<string, string | null> = {};
  let found = false;
  for (const binding of bindings) {
    if (binding.kind !== 'cookie') continue;
    // A value that is not URI-encoded is not one this app wrote: readCookies leaves it out.
    const value = cookies[binding.name];
    if (value !== undefined) values[binding.key] = value;
    else if (cookiePathCovers(binding.path ?? '/', path) && (secure || !binding.secure)) values[binding.key] = null;
    else continue;
    found = true;
  }
  return found ? values : undefined;
}
