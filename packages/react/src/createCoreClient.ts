import { CoreClient } from './coreClient.js';
import type { CoreClientOptions } from './coreClientOptions.js';

/** Creates the page's connection to its state server. */
export function createCoreClient(options?: CoreClientOptions): CoreClient {
  return new CoreClient(options);
}
