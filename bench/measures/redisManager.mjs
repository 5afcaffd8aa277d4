// Measure 6: event round trip p50 with the Redis state manager (a private redis-server on a free
// loopback port, no persistence) against the memory manager. Both servers run at once; one client
// process alternates blocks between them.
import { benchModule, withChildren } from '../lib/children.mjs';
import { clickCore, closeAllClients, connectCore, sequential } from '../lib/clients.mjs';
import { startPrivateRedis } from '../lib/redisServer.mjs';
import { percentiles } from '../lib/stats.mjs';

const SERVERS = benchModule('lib/servers.mjs');
const SELF = import.meta.url;
const inc = { state: 'counter', name: 'inc' };

export default {
  id: 6,
  name: 'Redis manager vs memory manager, event p50',
  unit: 'µs',
  goal: 'ratio ≤ 2',
  async run() {
    const redis = await startPrivateRedis();
    if (!redis) throw new Error('redis-server is not installed (or set REDIS_SERVER_PATH)');
    try {
      return await withChildren(async (spawn) => {
        const [redisServer, memoryServer, client] = await Promise.all([
          spawn('m6-redis-server', { profile: true }),
          spawn('m6-memory-server'),
          spawn('m6-client'),
        ]);
        const [{ url: redisUrl }, { url: memoryUrl }] = await Promise.all([
          redisServer.call(SERVERS, 'startCore', { states: ['counter'], redisUrl: redis.url }),
          memoryServer.call(SERVERS, 'startCore', { states: ['counter'] }),
        ]);
        const r = await client.call(
          SELF,
          'clientManagers',
          { redisUrl, memoryUrl, blocks: 10, perBlock: 300 },
          180_000,
        );
        return {
          value: r.redis.p50 * 1000,
          baseline: r.memory.p50 * 1000,
          ratio: r.redis.p50 / r.memory.p50,
          met: r.redis.p50 / r.memory.p50 <= 2,
          baselineName: 'memory manager',
          secondary: {
            name: 'p99',
            value: r.redis.p99 * 1000,
            baseline: r.memory.p99 * 1000,
            ratio: r.redis.p99 / r.memory.p99,
          },
          details: r,
        };
      });
    } finally {
      await redis.stop();
    }
  },
};

/** Client process: sequential clicks on each server in alternating blocks. */
export async function clientManagers({ redisUrl, memoryUrl, blocks, perBlock }) {
  const onRedis = await connectCore(redisUrl);
  const onMemory = await connectCore(memoryUrl);
  await sequential(500, () => clickCore(onRedis, inc));
  await sequential(500, () => clickCore(onMemory, inc));
  const redis = [];
  const memory = [];
  for (let block = 0; block < blocks; block++) {
    redis.push(...(await sequential(perBlock, () => clickCore(onRedis, inc))));
    memory.push(...(await sequential(perBlock, () => clickCore(onMemory, inc))));
  }
  closeAllClients();
  return { redis: percentiles(redis), memory: percentiles(memory) };
}
