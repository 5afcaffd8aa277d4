/**
 * `@core/react/server`: what a server needs to render a pages app (`react-dom/server`); never
 * imported by the page.
 */
import type { EventSpec, RouteParams } from '@core/state';
import type { FormOutcome, HydrateMessage } from '@core/state/protocol';
import type { PublicState } from '@core/state/types';
import { renderToString } from 'react-dom/server';
import { CoreApp, computeHead } from './CoreApp.js';
import { CoreClient } from './coreClient.js';
import { loadPage, PageRouter } from './pageRouter.js';
import type { RouteTableModule } from './routeDefinition.js';

export type { PageHead } from './routeDefinition.js';

/** A location resolved against the route table: what the server stores and runs for it. */
export interface ResolvedPage {
  /** 200, or 404 when no route matched (the `_404` page, if any, renders). */
  readonly status: 200 | 404;
  readonly href: string;
  readonly path: string;
  /** The route pattern, `''` for the 404 page. */
  readonly route: string;
  readonly params: RouteParams;
  readonly query: Record<string, string>;
  /** The page's on-load events, in order. */
  readonly onLoad: readonly EventSpec<unknown>[];
}

/** Matches `href` and loads its page module (for its on-load events). */
export async function resolvePage(table: RouteTableModule, href: string): Promise<ResolvedPage> {
  const page = await loadPage(table, href);
  const declared = page.page?.onLoad;
  const onLoad =
    typeof declared === 'function' ? declared({ path: page.path, params: page.params, query: page.query }) : declared;
  return {
    status: page.route ? 200 : 404,
    href: page.href,
    path: page.path,
    route: page.route?.pattern ?? '',
    params: page.params,
    query: page.query,
    onLoad: [...(onLoad ?? [])],
  };
}

/** What {@link renderPage} produced. */
export interface RenderedPage {
  readonly status: 200 | 404;
  /** The app's HTML, for the inside of the root element. */
  readonly html: string;
  /** `<title>` and `<meta>` tags the page asked for (empty when none). */
  readonly head: string;
  /** True when the page set a title (the template's own `<title>` should go). */
  readonly hasTitle: boolean;
  /**
   * The states the render read (its components and its head): all the page's HTML needs to carry.
   * Undefined when the render listed the states (then it may need every one).
   */
  readonly states?: readonly string[];
}

/**
 * Renders a pages app at `href` with the given state (`react-dom/server`), exactly as the page
 * will hydrate it: the same providers, layouts and page.
 */
export async function renderPage(
  table: RouteTableModule,
  href: string,
  hydration: HydrateMessage & { readonly form?: FormOutcome },
): Promise<RenderedPage> {
  const page = await loadPage(table, href);
  const reads = trackReads(hydration.state);
  const client = new CoreClient({
    url: 'http://localhost',
    autoConnect: false,
    // No storage bindings: the server render has no browser storage to sync.
    initial: { ...hydration, state: reads.state, storage: undefined },
    storage: NO_STORAGE,
  });
  const router = new PageRouter(table, page);
  const html = renderToString(<CoreApp client={client} router={router} renderedForm={hydration.form} />);
  const head = computeHead(page, reads.state);
  const tags: string[] = [];
  if (head?.title !== undefined) tags.push(`<title>${escapeHtml(head.title)}</title>`);
  for (const [name, content] of Object.entries(head?.meta ?? {})) {
    tags.push(`<meta name="${escapeHtml(name)}" content="${escapeHtml(content)}">`);
  }
  return {
    status: page.route ? 200 : 404,
    html,
    head: tags.join(''),
    hasTitle: head?.title !== undefined,
    states: reads.names(),
  };
}

/**
 * `state` behind a proxy that notes which states are read; `names()` lists them, or gives
 * undefined once something enumerated the states (a spread, `Object.keys`: it may use them all).
 */
function trackReads(state: PublicState): { state: PublicState; names(): readonly string[] | undefined } {
  const read = new Set<string>();
  let listed = false;
  const note = (key: string | symbol) => {
    if (typeof key === 'string' && Object.hasOwn(state, key)) read.add(key);
  };
  const tracked = new Proxy(state, {
    get: (target, key, receiver) => {
      note(key);
      return Reflect.get(target, key, receiver);
    },
    has: (target, key) => {
      note(key);
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor: (target, key) => {
      note(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys: (target) => {
      listed = true;
      return Reflect.ownKeys(target);
    },
  });
  return { state: tracked, names: () => (listed ? undefined : [...read]) };
}

const NO_STORAGE = { getItem: () => null, setItem: () => undefined };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
