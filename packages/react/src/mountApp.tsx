import { SSR_GLOBAL, type SsrPayload } from '@core/state/protocol';
import { type ReactNode, StrictMode } from 'react';
import { createRoot, hydrateRoot, type Root } from 'react-dom/client';
import { CoreApp } from './CoreApp.js';
import type { CoreClient } from './coreClient.js';
import type { CoreClientOptions } from './coreClientOptions.js';
import { createCoreClient } from './createCoreClient.js';
import { loadPage, PageRouter } from './pageRouter.js';
import type { RouteTableModule } from './routeDefinition.js';

/** Options of {@link mountApp}. */
export interface MountAppOptions extends Omit<CoreClientOptions, 'initial' | 'href' | 'autoConnect'> {
  /** Shown until the state arrives when the page was not rendered by the server. @default null */
  fallback?: ReactNode;
  /** Show the default connection and error banners. @default true */
  banners?: boolean;
  /** Wrap the app in `<StrictMode>`. @default true */
  strict?: boolean;
}

/** What {@link mountApp} started. */
export interface MountedApp {
  readonly client: CoreClient;
  readonly router: PageRouter;
  readonly root: Root;
}

/**
 * Starts a pages app in the browser: loads the current page, hydrates the server-rendered HTML (or
 * renders into an empty container), connects with the token the server rendered with (or the
 * tab's own) and follows links and back/forward.
 *
 * @example
 * import { routes, notFound } from 'virtual:core-routes';
 * mountApp(document.getElementById('root')!, { routes, notFound });
 */
export async function mountApp(
  container: HTMLElement,
  table: RouteTableModule,
  options: MountAppOptions = {},
): Promise<MountedApp> {
  const { fallback, banners, strict = true, ...clientOptions } = options;
  const rendered = (window as unknown as Record<string, SsrPayload | undefined>)[SSR_GLOBAL];
  const href = window.location.pathname + window.location.search;
  const client = createCoreClient({ ...clientOptions, autoConnect: false, initial: rendered, href });
  const router = new PageRouter(table, await loadPage(table, href), client);
  router.listen();
  keepPageExportsRefreshable(table);
  // The server marks its HTML inert until it is live (clicks before hydration would be lost).
  const onMount = () => container.removeAttribute('aria-disabled');
  const app = (
    <CoreApp
      client={client}
      router={router}
      fallback={fallback}
      banners={banners}
      onMount={onMount}
      renderedForm={rendered?.form}
    />
  );
  const element = strict ? <StrictMode>{app}</StrictMode> : app;
  let root: Root;
  if (rendered && container.firstChild) {
    root = hydrateRoot(container, element);
  } else {
    root = createRoot(container);
    root.render(element);
  }
  client.connect();
  return { client, router, root };
}

type IgnoredExportsHook = (module: { id: string }) => string[];

/**
 * React Fast Refresh (in `core dev`) reloads the whole document when a module exports anything but
 * components; a page's `onLoad` and `head` are read again on the next navigation or server render
 * anyway, so they do not stop an edited page from refreshing in place.
 */
function keepPageExportsRefreshable(table: RouteTableModule): void {
  const files = [...table.routes, ...(table.notFound ? [table.notFound] : [])].map((route) => `/${route.file}`);
  const host = window as unknown as { __getReactRefreshIgnoredExports?: IgnoredExportsHook };
  const previous = host.__getReactRefreshIgnoredExports;
  host.__getReactRefreshIgnoredExports = (module) => {
    const ignored = previous?.(module) ?? [];
    const id = decodeURI(module.id.split('?')[0] ?? '');
    return files.some((file) => id.endsWith(file)) ? [...ignored, 'onLoad', 'head'] : ignored;
  };
}
