export { createRedisStateManager } from './createRedisStateManager.js';
export { RedisStateManager } from './redisStateManager.js';
export type { AnyRedisClient, RedisStateManagerOptions } from './redisStateManagerOptions.js';
