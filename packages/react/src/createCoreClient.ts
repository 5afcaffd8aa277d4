import { CoreClient, type CoreClientOptions } from './coreClient.js';

/** Creates the page's connection to its state server. */
export function createCoreClient(options?: CoreClientOptions): CoreClient {
  return new CoreClient(options);
}
