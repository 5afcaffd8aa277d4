export { createServer } from './createServer.js';
export type { CoreServer, Middleware, ServerOptions } from './createServer.js';
export { consoleLogger } from './consoleLogger.js';
export { createTokenSigner } from './tokenSigner.js';
export type { TokenSigner } from './tokenSigner.js';
export { createStaticHandler } from './staticFiles.js';
