import { type ReactNode, useEffect, useState, useSyncExternalStore } from 'react';
import { ConnectionBanner } from './ConnectionBanner.js';
import { type CoreClient, type CoreClientOptions, createCoreClient } from './coreClient.js';
import { CoreContext } from './coreContext.js';
import { ErrorBanner } from './ErrorBanner.js';

/** Props of {@link CoreProvider}. */
export interface CoreProviderProps extends CoreClientOptions {
  /** Use this client instead of creating one from the options. */
  client?: CoreClient;
  /** Shown until the first hydrate. @default null */
  fallback?: ReactNode;
  /** Show the default banners for a lost connection and for errors. @default true */
  banners?: boolean;
  children?: ReactNode;
}

/**
 * Connects the page to its state server and renders `children` once the state has arrived;
 * hooks below it read and change the server-held state.
 *
 * @example
 * createRoot(el).render(<CoreProvider><App /></CoreProvider>);
 */
export function CoreProvider({
  client: given,
  fallback = null,
  banners = true,
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
      {hydrated ? children : fallback}
    </CoreContext.Provider>
  );
}
