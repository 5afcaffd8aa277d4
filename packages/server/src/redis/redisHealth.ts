import type { StateManagerHealth } from '@core/state/internal';
import type { AnyRedisClient, AnyRedisCluster } from './redisStateManagerOptions.js';

/**
 * Whether Redis answers `PING` (every master of a cluster) within `timeout` ms. The reason is
 * public (a health endpoint shows it): it names no host, port or credentials.
 */
export async function redisHealth(
  client: AnyRedisClient | AnyRedisCluster,
  timeout: number,
): Promise<StateManagerHealth> {
  const unavailable = (why: string): StateManagerHealth => ({
    ok: false,
    reason: `The state store (Redis) is unavailable: ${why}.`,
  });
  // A lost connection shows at once (the clients queue nothing while it is down).
  if (!(client as AnyRedisClient).isReady) return unavailable('the connection is down');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeout);
  });
  try {
    const cluster = 'masters' in client ? (client as AnyRedisCluster) : undefined;
    const pings: Promise<unknown>[] = cluster
      ? cluster.masters.map(async (master) => (await cluster.nodeClient(master)).ping())
      : [(client as AnyRedisClient).ping()];
    const answer = await Promise.race([Promise.all(pings), late]);
    return answer === 'late' ? unavailable(`no answer to PING within ${timeout} ms`) : { ok: true };
  } catch {
    return unavailable('it did not answer PING');
  } finally {
    clearTimeout(timer);
  }
}
