import { createContext, useContext } from 'react';
import type { CoreClient } from './coreClient.js';

/** The client the hooks read from, set by `CoreProvider`. */
export const CoreContext = createContext<CoreClient | null>(null);

/** The client of the nearest `CoreProvider`; throws a clear error outside one. */
export function useCoreClient(): CoreClient {
  const client = useContext(CoreContext);
  if (!client) {
    throw new Error('[core/react] No CoreProvider above this component; wrap the app in <CoreProvider>.');
  }
  return client;
}
