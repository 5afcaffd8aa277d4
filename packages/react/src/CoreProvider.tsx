import { type ReactNode, useEffect, useState, useSyncExternalStore } from 'react';
import { ConnectionBanner } from './ConnectionBanner.js';
import { CoreErrorBoundary, type ErrorFallback } from './CoreErrorBoundary.js';
import type { CoreClient } from './coreClient.js';
import type { CoreClientOptions } from './coreClientOptions.js';
import { CoreContext } from './coreContext.js';
import { createCoreClient } from './createCoreClient.js';
import { ErrorBanner } from './ErrorBanner.js';
import { Toaster, type ToastRenderProps } from './Toaster.js';

/** Props of {@link CoreProvider}. */
export interface CoreProviderProps extends CoreClientOptions {
  /** Use this client instead of creating one from the options. */
  client?: CoreClient;
  /** Shown until the first hydrate. @default null */
  fallback?: ReactNode;
  /** Show the default banners for a lost connection and for errors. @default true */
  banners?: boolean;
  /**
   * How toasts (`client.toast(...)` from handlers) are shown: the default `Toaster` (true), none
   * (false), or your own renderer given the toasts and `dismiss`.
   * @default true
   */
  renderToasts?: boolean | ((props: ToastRenderProps) => ReactNode);
  /**
   * Shown in place of `children` when rendering them throws (the error is reported to the server
   * first): an element, or a function of `{ error, retry }`. The default is one line with a "Try
   * again" button (test ids `core-render-error`, `core-render-error-retry`).
   */
  errorFallback?: ErrorFallback;
  children?: ReactNode;
}

/**
 * Connects the page to its state server and renders `children` once the state has arrived;
 * hooks below it read and change the server-held state. A render error below it is reported to the
 * server and shows `errorFallback`.
 *
 * @example
 * createRoot(el).render(<CoreProvider><App /></CoreProvider>);
 */
export function CoreProvider({
  client: given,
  fallback = null,
  banners = true,
  renderToasts = true,
  errorFallback,
  children,
  ...options
}: CoreProviderProps) {
  const [client] = useState(() => given ?? createCoreClient({ ...options, autoConnect: false }));
  useEffect(() => {
    if (given) return undefined;
    // Connect on mount and close on unmount (StrictMode's extra unmount/mount reconnects once).
    client.connect();
    return () => client.close();
  }, [client, given]);
  const isHydrated = () => client.getState() !== undefined;
  const hydrated = useSyncExternalStore(client.subscribe, isHydrated, isHydrated);
  return (
    <CoreContext.Provider value={client}>
      {banners && <ConnectionBanner />}
      {banners && <ErrorBanner />}
      {renderToasts !== false && <Toaster render={renderToasts === true ? undefined : renderToasts} />}
      <CoreErrorBoundary
        report={(error, stack) => client.reportPageError('render', error, stack)}
        fallback={errorFallback}
      >
        {hydrated ? children : fallback}
      </CoreErrorBoundary>
    </CoreContext.Provider>
  );
}
