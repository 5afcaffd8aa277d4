import { RedisProcess } from '@core/test-support';
import { test } from '@playwright/test';
import { DemoServer } from './demoServer';

/** One demo process, or two sharing a private Redis (with the socket.io Redis adapter). */
export interface ServerSetup {
  readonly name: string;
  readonly redis: boolean;
}

/** The two setups specs of shared state run in. */
export const oneOrTwoProcesses: readonly ServerSetup[] = [
  { name: 'one process', redis: false },
  { name: 'two processes on Redis', redis: true },
];

/**
 * Starts the servers of `setup` for the calling `describe` (skipped without redis-server, except
 * under CI) and stops them after it. Returns the URL of the server for the n-th page: alternating
 * between the processes when there are two.
 */
export function useDemoServers(setup: ServerSetup): (n: number) => string {
  test.skip(setup.redis && !process.env.CI && !RedisProcess.available(), 'redis-server is not installed');
  let redis: RedisProcess | undefined;
  let servers: DemoServer[] = [];
  test.beforeAll(async () => {
    if (setup.redis) {
      redis = await RedisProcess.start();
      const env = { REDIS_URL: redis.url };
      servers = await Promise.all([DemoServer.start(env), DemoServer.start(env)]);
    } else {
      servers = [await DemoServer.start()];
    }
  });
  test.afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await redis?.dispose();
  });
  return (n) => servers[n % servers.length].url;
}
