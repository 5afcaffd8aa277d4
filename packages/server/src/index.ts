export { consoleLogger } from './consoleLogger.js';
export type { CoreServer, Middleware, ServerOptions } from './createServer.js';
export { createServer } from './createServer.js';
export { writePrivateFile } from './privateFiles.js';
export type { ServerErrorCode } from './serverError.js';
export { ServerError } from './serverError.js';
export { createStaticHandler } from './staticFiles.js';
export type { TokenSigner } from './tokenSigner.js';
export { createTokenSigner } from './tokenSigner.js';
