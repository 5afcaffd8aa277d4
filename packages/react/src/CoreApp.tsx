import type { FormOutcome } from '@core/state/protocol';
import { type ReactNode, useEffect, useSyncExternalStore } from 'react';
import type { ErrorFallback } from './CoreErrorBoundary.js';
import { CoreProvider } from './CoreProvider.js';
import type { CoreClient } from './coreClient.js';
import { useCoreClient } from './coreContext.js';
import type { LoadedPage, PageRouter } from './pageRouter.js';
import { RenderedFormContext } from './renderedFormContext.js';
import type { PageHead } from './routeDefinition.js';
import { RouterContext } from './routerContext.js';

/** Props of {@link CoreApp}. */
export interface CoreAppProps {
  client: CoreClient;
  router: PageRouter;
  /** Shown until the first state arrives (never, after a server render). @default null */
  fallback?: ReactNode;
  /** Show the default connection and error banners. @default true */
  banners?: boolean;
  /** Shown in place of the page when rendering it throws (see `CoreProviderProps.errorFallback`). */
  errorFallback?: ErrorFallback;
  /** Called once the app has mounted (after hydration). */
  onMount?: () => void;
  /** The outcome of the form posted without JavaScript that this render answers (`SsrPayload.form`). */
  renderedForm?: FormOutcome;
}

/**
 * A pages app: the state provider, the router, and the current page inside its layouts. The same
 * tree renders on the server and hydrates in the page (see `mountApp` and `renderPage`).
 */
export function CoreApp({
  client,
  router,
  fallback = null,
  banners = true,
  errorFallback,
  onMount,
  renderedForm,
}: CoreAppProps) {
  useEffect(() => onMount?.(), [onMount]);
  // A handler's `ctx.client.redirect(href)` navigates in the page, like a <Link>.
  useEffect(
    () =>
      client.setNavigator((href, { replace }) => {
        void router.navigate(href, { replace });
        return true;
      }),
    [client, router],
  );
  return (
    <CoreProvider client={client} fallback={fallback} banners={banners} errorFallback={errorFallback}>
      <RouterContext.Provider value={router}>
        <RenderedFormContext.Provider value={renderedForm}>
          <Routes router={router} />
        </RenderedFormContext.Provider>
      </RouterContext.Provider>
    </CoreProvider>
  );
}

function Routes({ router }: { router: PageRouter }) {
  const { page } = useSyncExternalStore(router.subscribe, router.getSnapshot, router.getSnapshot);
  usePageHead(page);
  const Page = page.page?.default;
  let content: ReactNode = Page ? <Page key={page.route?.file ?? '404'} /> : <p>Page not found.</p>;
  for (let i = page.layouts.length - 1; i >= 0; i--) {
    const Layout = (page.layouts[i] as { default: (props: { children?: ReactNode }) => ReactNode }).default;
    content = <Layout>{content}</Layout>;
  }
  return content;
}

/** Keeps `document.title` and the page's `<meta name>` tags in step with its `head` export. */
function usePageHead(page: LoadedPage): void {
  const client = useCoreClient();
  const state = useSyncExternalStore(client.subscribe, client.getState, client.getState);
  const head = computeHead(page, state);
  const title = head?.title;
  const meta = JSON.stringify(head?.meta ?? {});
  useEffect(() => {
    if (title !== undefined) document.title = title;
    for (const [name, content] of Object.entries(JSON.parse(meta) as Record<string, string>)) {
      let tag = document.head.querySelector<HTMLMetaElement>(`meta[name="${CSS.escape(name)}"]`);
      if (!tag) {
        tag = document.createElement('meta');
        tag.name = name;
        document.head.append(tag);
      }
      tag.content = content;
    }
  }, [title, meta]);
}

/** The head a page asks for, given the state; undefined when it has no `head` export. */
export function computeHead(
  page: LoadedPage,
  state: Record<string, Record<string, unknown>> | undefined,
): PageHead | undefined {
  return page.page?.head?.({ path: page.path, params: page.params, query: page.query, state: state ?? {} });
}
