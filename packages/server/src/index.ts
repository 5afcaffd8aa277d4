export type { TrustProxy } from './clientAddress.js';
export { clientAddress, trustProxyFromEnv } from './clientAddress.js';
export { consoleLogger } from './consoleLogger.js';
export type { CoreServer, Middleware, ServerOptions } from './createServer.js';
export { createServer } from './createServer.js';
export { createStaticHandler } from './staticFiles.js';
export type { TokenSigner } from './tokenSigner.js';
export { createTokenSigner } from './tokenSigner.js';
