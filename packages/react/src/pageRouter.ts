import type { RouteParams } from '@core/state';
import { matchRoute, parseHref } from './matchRoute.js';
import {
  type DefinedPageModule,
  type LayoutModule,
  type PageModule,
  type RouteDefinition,
  type RouteTableModule,
  toPageModule,
} from './routeDefinition.js';

/** A page ready to render: where it is, and its loaded page and layout modules. */
export interface LoadedPage {
  readonly href: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly params: RouteParams;
  /** The matched route; undefined when no route matched (the 404 page, if any, is shown). */
  readonly route: RouteDefinition | undefined;
  readonly page: PageModule | undefined;
  readonly layouts: readonly LayoutModule[];
}

/** What `useRouter` subscribes to. */
export interface PageRouterSnapshot {
  readonly page: LoadedPage;
  /** True while a navigation loads its page or waits for its on-load events. */
  readonly navigating: boolean;
}

/** Options of {@link PageRouter.navigate}. */
export interface NavigateOptions {
  /** Replace the current history entry instead of pushing one. @default false */
  replace?: boolean;
  /** Do not scroll to the top. @default false */
  keepScroll?: boolean;
}

/** Where the router reports a navigation to the server (a `CoreClient`). */
export interface NavigationSink {
  navigate(href: string): Promise<void>;
  /** Resolves once the page holds every state (a partial server render's others arrived). */
  whenComplete?(): Promise<void>;
}

/**
 * Loads the page and layouts of a location (matching the route table); unknown paths load the
 * `notFound` page. Shared by the server render and the page.
 */
export async function loadPage(table: RouteTableModule, href: string): Promise<LoadedPage> {
  const parsed = parseHref(href);
  const match = matchRoute(table.routes, parsed.path);
  const route = match?.route ?? table.notFound;
  const [page, ...layouts] = route
    ? await Promise.all([route.page(), ...route.layouts.map((load) => load())])
    : [undefined];
  return {
    ...parsed,
    params: match?.params ?? {},
    route: match?.route,
    page: page ? toPageModule(page as PageModule | DefinedPageModule) : undefined,
    layouts: layouts as LayoutModule[],
  };
}

/**
 * The page's client-side router: the current page, `navigate` (history push or replace, then the
 * page's modules load and the server runs its on-load events), back/forward through `popstate`.
 * Links to another origin are left to the browser.
 */
export class PageRouter {
  #snapshot: PageRouterSnapshot;
  readonly #table: RouteTableModule;
  readonly #sink: NavigationSink | undefined;
  readonly #listeners = new Set<() => void>();
  #generation = 0;
  /**
   * Where the last navigation goes (path and query): the page on screen until it has loaded. What
   * back/forward and fragment links compare with, so that the last navigation wins.
   */
  #target: string;

  constructor(table: RouteTableModule, initial: LoadedPage, sink?: NavigationSink) {
    this.#table = table;
    this.#sink = sink;
    this.#snapshot = { page: initial, navigating: false };
    this.#target = initial.href;
  }

  /** The route table. */
  get table(): RouteTableModule {
    return this.#table;
  }

  getSnapshot = (): PageRouterSnapshot => this.#snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /**
   * Goes to `href`. Another origin is a normal document navigation. Resolves once the new page
   * shows and its on-load events have run on the server.
   */
  navigate = async (href: string, options: NavigateOptions = {}): Promise<void> => {
    if (typeof window === 'undefined') return;
    const url = new URL(href, window.location.href);
    if (url.origin !== window.location.origin) {
      window.location.assign(url.href);
      return;
    }
    const target = url.pathname + url.search;
    if (url.hash && target === this.#target) {
      // Only the fragment changes: same page, no on-load events; the browser scrolls.
      if (options.replace) window.history.replaceState(null, '', url.href);
      else window.history.pushState(null, '', url.href);
      document.getElementById(decodeURIComponent(url.hash.slice(1)))?.scrollIntoView();
      return;
    }
    this.checkHref(href, 'navigate');
    if (options.replace) window.history.replaceState(null, '', url.href);
    else window.history.pushState(null, '', url.href);
    await this.#go(target, options.keepScroll ? undefined : url.hash);
  };

  /**
   * In development (the route table has `warn`), reports a same-origin `href` that no page
   * matches. Returns true when it warned.
   */
  checkHref(href: string, where: string): boolean {
    const warn = this.#table.warn;
    if (!warn || typeof window === 'undefined') return false;
    const url = new URL(href, window.location.href);
    if (url.origin !== window.location.origin || matchRoute(this.#table.routes, url.pathname)) return false;
    const known = this.#table.routes.map((route) => route.pattern).join(', ');
    warn(
      `[core/react] ${where} "${href}": no page in src/pages matches ${url.pathname} (pages: ${known}); it shows the 404 page.`,
    );
    return true;
  }

  /** Listens to back/forward; returns the function that stops listening. */
  listen(): () => void {
    if (typeof window === 'undefined') return () => undefined;
    const onPop = () => {
      const href = window.location.pathname + window.location.search;
      // A fragment change on the same page. Compared with where the last navigation goes, not with
      // the page on screen: Back while a link's page still loads must go back, not be dropped.
      if (href === this.#target) return;
      void this.#go(href, undefined);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }

  async #go(href: string, hash: string | undefined): Promise<void> {
    const generation = ++this.#generation;
    this.#target = href;
    this.#set({ page: this.#snapshot.page, navigating: true });
    // The server starts the on-load events while the page's modules load.
    const server = this.#sink?.navigate(href).catch(() => undefined);
    let page: LoadedPage;
    try {
      // The new page may read states the server render left out: show it once they are here.
      [page] = await Promise.all([loadPage(this.#table, href), this.#sink?.whenComplete?.()]);
    } catch {
      // A chunk that failed to load (e.g. a new deploy): let the browser load the document.
      if (generation === this.#generation) window.location.reload();
      return;
    }
    if (generation !== this.#generation) return;
    this.#set({ page, navigating: true });
    if (hash !== undefined) {
      const anchor = hash ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
      if (anchor) anchor.scrollIntoView();
      else window.scrollTo(0, 0);
    }
    await server;
    if (generation === this.#generation) this.#set({ page, navigating: false });
  }

  #set(snapshot: PageRouterSnapshot): void {
    this.#snapshot = snapshot;
    for (const listener of this.#listeners) listener();
  }
}
