/**
 * True for a relative URL or an http(s)/mailto URL: never `javascript:` or `data:`. The server checks
 * client actions with it and the page checks them again.
 */
export function isSafeHref(href: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(href)) return false;
  const scheme = /^\s*([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(href);
  return scheme === null || ['http', 'https', 'mailto'].includes(scheme[1].toLowerCase());
}
