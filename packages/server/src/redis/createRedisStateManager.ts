import { RedisStateManager } from './redisStateManager.js';
import type { RedisStateManagerOptions } from './redisStateManagerOptions.js';

/**
 * Connects to Redis and resolves with a ready {@link RedisStateManager}: its command connection
 * is up, its subscriber listens for wake-ups and its Lua scripts are cached. Rejects with
 * `STORE_UNAVAILABLE` when Redis cannot be reached at start (later outages are retried).
 * `new RedisStateManager(options)` does the same lazily, on first use.
 *
 * @example
 * const stateManager = await createRedisStateManager({ url: process.env.REDIS_URL });
 * const app = createApp({ states: [TaskState], stateManager });
 */
export async function createRedisStateManager(options: RedisStateManagerOptions = {}): Promise<RedisStateManager> {
  const manager = new RedisStateManager(options);
  await manager.ready();
  return manager;
}
