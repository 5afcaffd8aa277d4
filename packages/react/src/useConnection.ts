import { useSyncExternalStore } from 'react';
import type { ConnectionStatus } from './coreClientOptions.js';
import { useCoreClient } from './coreContext.js';

/** The connection status: `connecting`, `connected`, `reconnecting` or `offline`. */
export function useConnection(): ConnectionStatus {
  const client = useCoreClient();
  return useSyncExternalStore(client.subscribe, client.getStatus, client.getStatus);
}
