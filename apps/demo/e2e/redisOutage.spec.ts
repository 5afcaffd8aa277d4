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

test('a 7 s Redis outage with 20 tabs sending events writes under 200 KB of log: each kind of failure once, then a count', async () => {
  const pages = await Promise.all(
    Array.from({ length: 20 }, async () => {
      const page = new SocketPage();
      await page.connect(server.url);
      return page;
    }),
  );
  for (const page of pages) expect(await page.send('bg', 'increment')).toEqual({ ok: true });
  const logBefore = server.output.length;

  await redis.stop();
  const outageEnds = Date.now() + 7_000;
  let failures = 0;
  // Every tab keeps clicking through the outage, as impatient users do.
  await Promise.all(
    pages.map(async (page) => {
      while (Date.now() < outageEnds) {
        const ack = await page.send('bg', 'increment');
        if (!ack.ok) failures += 1;
      }
    }),
  );
  await redis.restart();
  await expect.poll(async () => (await pages[0].send('bg', 'increment')).ok, { timeout: 15_000 }).toBe(true);
  expect(failures).toBeGreaterThan(1_000);
  // The repeats are counted, not dropped: a line per kind says how many (within its 10 s interval).
  await expect
    .poll(() => /Cannot lock token .* \(repeated \d+ times in the last 10 s\)/.test(server.output.slice(logBefore)), {
      timeout: 15_000,
    })
    .toBe(true);
  const written = Buffer.byteLength(server.output.slice(logBefore));
  expect(written).toBeLessThan(200 * 1024);
  for (const page of pages) page.disconnect();
});
