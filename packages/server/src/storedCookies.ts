import type { StorageBinding } from '@core/state';

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
  const values: Record<string, string> = {};
  let found = false;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!wanted.has(name)) continue;
    try {
      values[`cookie:${name}`] = decodeURIComponent(part.slice(eq + 1).trim());
      found = true;
    } catch {
      // Not URI-encoded: not a value this app wrote.
    }
  }
  return found ? values : undefined;
}
