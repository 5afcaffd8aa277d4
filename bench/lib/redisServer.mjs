// A private redis-server on a free loopback port for measure 6 (never a user's Redis): no
// persistence, stopped by its PID, killed if the run dies. The process handling is shared with the
// tests (`@core/test-support`).
import { RedisProcess } from '@core/test-support';

/** Starts redis-server; resolves with `{ url, stop }`, or undefined when it is not installed. */
export async function startPrivateRedis() {
  if (!RedisProcess.available()) return undefined;
  const redis = await RedisProcess.start();
  return { url: redis.url, stop: () => redis.dispose() };
}
