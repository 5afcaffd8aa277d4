import { type AnchorHTMLAttributes, type MouseEvent, useEffect } from 'react';
import { usePageRouter } from './routerContext.js';

/** Props of {@link Link}: those of `<a>`, with `href` required. */
export interface LinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  href: string;
  /** Replace the current history entry instead of pushing one. @default false */
  replace?: boolean;
}

/**
 * A link that navigates inside the app without loading a document (the socket and the tab's state
 * stay). Modified clicks (new tab, download), `target` other than `_self` and other origins behave
 * as a normal `<a>`. In development, a link to a path no page matches is reported.
 *
 * @example
 * <Link href="/users/7">User 7</Link>
 */
export function Link({ href, replace, onClick, ...rest }: LinkProps) {
  const router = usePageRouter();
  useEffect(() => {
    router.checkHref(href, '<Link href>');
  }, [router, href]);
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    if (rest.download !== undefined) return;
    const url = new URL(href, window.location.href);
    if (url.origin !== window.location.origin) return;
    event.preventDefault();
    void router.navigate(url.pathname + url.search + url.hash, { replace });
  };
  return <a {...rest} href={href} onClick={handleClick} />;
}
