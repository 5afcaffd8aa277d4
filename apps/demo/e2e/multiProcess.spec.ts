import { RedisClusterProcess, RedisProcess } from '@core/test-support';
import { expect, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';
import { SocketPage } from './support/socketPage';

// Two `core start` processes sharing one private Redis (state manager + socket.io adapter): a single
// node (REDIS_URL), then a three-master Redis Cluster (REDIS_CLUSTER_NODES: hash-tagged keys,
// sharded pub/sub and the sharded adapter).
test.skip(
  !process.env.CI && !RedisClusterProcess.available(),
  'redis-server / redis-cli are not installed (in CI this fails instead)',
);

interface Topology {
  name: string;
  start(): Promise<{ env: Record<string, string>; dispose(): Promise<void> }>;
}

const topologies: Topology[] = [
  {
    name: 'one Redis',
    async start() {
      const redis = await RedisProcess.start();
      return { env: { REDIS_URL: redis.url }, dispose: () => redis.dispose() };
    },
  },
  {
    name: 'a three-master Redis Cluster',
    async start() {
      const cluster = await RedisClusterProcess.start();
      return { env: { REDIS_CLUSTER_NODES: cluster.nodesVariable }, dispose: () => cluster.dispose() };
    },
  },
];

for (const topology of topologies) {
  test.describe(`two processes on ${topology.name}`, () => {
    let redis: { env: Record<string, string>; dispose(): Promise<void> };
    let a: DemoServer;
    let b: DemoServer;
    test.beforeAll(async () => {
      test.setTimeout(90_000);
      redis = await topology.start();
      [a, b] = await Promise.all([DemoServer.start(redis.env), DemoServer.start(redis.env)]);
    });
    test.afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await redis?.dispose();
    });

    test('events and background tasks on both processes hit the same tokens with exact totals', async () => {
      const pages = Array.from({ length: 6 }, () => new SocketPage());
      await Promise.all(
        pages.map(async (page) => {
          await page.connect(a.url);
          expect(await page.send('bg', 'setIterations', 20)).toEqual({ ok: true });
          // Background tasks start on process A...
          for (const name of ['delayedIncrement', 'delayedIncrement', 'racyIncrement']) {
            expect(await page.send('bg', name)).toEqual({ ok: true });
          }
          // ...and the page moves to process B (same token) while they run, and works there.
          await page.connect(b.url);
          const acks = await Promise.all(Array.from({ length: 30 }, () => page.send('bg', 'increment')));
          expect(acks.every((ack) => ack.ok)).toBe(true);
          expect(await page.send('bg', 'yieldIncrement')).toEqual({ ok: true });
        }),
      );
      // 2 delayed × 20 + racy 4 × 20 + 30 increments + yield 20 = 170 on every token: nothing lost
      // or doubled, and the updates from A's tasks reached the page on B through the adapter.
      for (const page of pages) {
        await expect.poll(() => page.get('bg', 'counter'), { timeout: 30_000 }).toBe(170);
      }
      await pages[0].resync();
      expect(pages[0].get('bg', 'counter')).toBe(170);
      for (const page of pages) page.disconnect();
    });

    test('app.modifyState on process A reaches the page on process B', async () => {
      const page = new SocketPage();
      await page.connect(a.url);
      expect(await page.send('lowLevel', 'fetchData')).toEqual({ ok: true });
      expect(page.get('lowLevel', 'loading')).toBe(true);
      await page.connect(b.url); // A fetches for ~300 ms, then writes with app.modifyState
      try {
        await expect.poll(() => page.get('lowLevel', 'data'), { timeout: 10_000 }).toEqual(['alpha', 'beta', 'gamma']);
      } catch (error) {
        // Evidence for a failure: what the page received, and what both processes printed.
        const tail = (text: string) => text.slice(-2000);
        throw new Error(
          `The page on B never showed A's data. It received:\n${page.received}\nA printed:\n${tail(a.output)}\nB printed:\n${tail(b.output)}`,
          { cause: error },
        );
      }
      expect(page.get('lowLevel', 'loading')).toBe(false);
      page.disconnect();
    });
  });
}
