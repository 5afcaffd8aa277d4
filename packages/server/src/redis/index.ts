export { createRedisStateManager } from './createRedisStateManager.js';
export { RedisAppTaskLeases } from './redisAppTaskLeases.js';
export { RedisPresenceRegistry } from './redisPresenceRegistry.js';
export type { RedisScaleOut } from './redisScaleOut.js';
export { createRedisScaleOut } from './redisScaleOut.js';
export { RedisStateManager } from './redisStateManager.js';
export type {
  AnyRedisClient,
  AnyRedisCluster,
  RedisClusterConnectionOptions,
  RedisStateManagerOptions,
} from './redisStateManagerOptions.js';
export { RedisTaskRegistry } from './redisTaskRegistry.js';
