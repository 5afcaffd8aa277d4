export type { BuildOptions } from './buildApp.js';
export { buildApp } from './buildApp.js';
export { main } from './cli.js';
export { CliError } from './cliError.js';
export type { DevServer, DevServerOptions } from './devServer.js';
export { startDevServer } from './devServer.js';
export type { StartOptions } from './startServer.js';
export { startProductionServer } from './startServer.js';
