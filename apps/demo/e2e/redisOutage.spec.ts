import { RedisProcess } from '@core/test-support';
import { expect, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';
import { SocketPage } from './support/socketPage';

test.skip(!process.env.CI && !RedisProcess.available(), 'redis-server is not installed (in CI this fails instead)');

let redis: RedisProcess;
let server: DemoServer;
test.beforeAll(async () => {
  redis = await RedisProcess.start({ persistent: true }); // keeps its data across the outage
  server = await DemoServer.start({ REDIS_URL: redis.url });
});
test.afterAll(async () => {
  await server?.stop();
  await redis?.dispose();
});

test('with Redis down events fail with a clear error; after it is back they work and no state is lost or corrupted', async () => {
  const page = new SocketPage();
  await page.connect(server.url);
  for (let i = 0; i < 5; i++) expect(await page.send('bg', 'increment')).toEqual({ ok: true });

  await redis.stop();
  const failed = await page.send('bg', 'increment');
  expect(failed.ok).toBe(false);
  if (!failed.ok) {
    expect(failed.error.code).toBe('STORE_UNAVAILABLE');
    expect(failed.error.message).toMatch(/state store is unavailable; try again/);
    // Where the store lives is for the server's log, not for pages.
    expect(failed.error.message).not.toContain(new URL(redis.url).port);
  }

  await redis.restart();
  // The server reconnects by itself; count the increments that went through.
  let applied = 0;
  await expect
    .poll(
      async () => {
        const ack = await page.send('bg', 'increment');
        if (ack.ok) applied += 1;
        return ack.ok;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  await page.resync();
  expect(page.get('bg', 'counter')).toBe(5 + applied);
  expect(await page.send('bg', 'increment')).toEqual({ ok: true });
  await page.resync();
  expect(page.get('bg', 'counter')).toBe(6 + applied);
  page.disconnect();
});
