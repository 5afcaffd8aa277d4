export { chromiumArgs, chromiumPath } from './chromium.js';
export { freePort } from './freePort.js';
export { NginxProcess } from './nginxProcess.js';
export type { RedisClusterProcessOptions } from './redisClusterProcess.js';
export { RedisClusterProcess } from './redisClusterProcess.js';
export type { RedisProcessOptions } from './redisProcess.js';
export { RedisProcess } from './redisProcess.js';
export type { WatchedProcessOptions } from './watchedProcess.js';
export { WatchedProcess } from './watchedProcess.js';
