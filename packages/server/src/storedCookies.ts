import type { StorageBinding } from '@core/state/internal';
import { readCookies } from './sessionCookie.js';

/**
 * The values of cookie-bound storage vars in a request's `Cookie` header, keyed as the page sends
 * stored values (`cookie:<name>`); undefined when there are none. A server render applies them
 * before the page's on-load events, as a socket does with the values its page sends.
 */
export function storedCookies(
  header: string | undefined,
  bindings: readonly StorageBinding[],
): Record<string, string> | undefined {
  if (!header) return undefined;
  const wanted = new Set(bindings.filter((b) => b.kind === 'cookie').map((b) => b.name));
  if (wanted.size === 0) return undefined;
  const cookies = readCookies(header);
  const values: Record<string, string> = {};
  let found = false;
  for (const name of wanted) {
    // A value that is not URI-encoded is not one this app wrote: readCookies leaves it out.
    if (cookies[name] === undefined) continue;
    values[`cookie:${name}`] = cookies[name];
    found = true;
  }
  return found ? values : undefined;
}
