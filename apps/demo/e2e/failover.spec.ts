import { RedisProcess } from '@core/test-support';
import { expect, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';
import { TcpBalancer } from './support/tcpBalancer';

test.skip(!process.env.CI && !RedisProcess.available(), 'redis-server is not installed (in CI this fails instead)');

let redis: RedisProcess;
let a: DemoServer;
let b: DemoServer;
let balancer: TcpBalancer;
test.beforeAll(async () => {
  redis = await RedisProcess.start();
  [a, b] = await Promise.all([DemoServer.start({ REDIS_URL: redis.url }), DemoServer.start({ REDIS_URL: redis.url })]);
  balancer = await TcpBalancer.start(() => [a.port, b.port]);
});
test.afterAll(async () => {
  await balancer?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.dispose();
});

test('kill -9 of the process serving a page mid-task: the page reconnects to the other, catches up by replay (no hydrate), and keeps every committed update', async ({
  page,
}) => {
  // Every WebSocket frame the page receives, to count what the reconnect costs.
  const frames: { at: number; text: string }[] = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => frames.push({ at: Date.now(), text: String(payload) }));
  });
  await page.goto(balancer.url);
  const token = await page.getByTestId('token').textContent();
  await page.getByTestId('max-counter').fill('1000');
  await page.getByTestId('bg-increment').click();
  await expect(page.getByTestId('bg-counter')).toHaveText('1');
  await page.getByTestId('toggle-running').click();
  await expect.poll(async () => Number(await page.getByTestId('counter').textContent())).toBeGreaterThanOrEqual(3);

  await a.kill(); // SIGKILL, mid-task: no cleanup runs
  const killedAt = Date.now();
  const shownBeforeKill = Number(await page.getByTestId('counter').textContent());
  await expect(page.getByTestId('connection-banner')).toBeVisible();
  await expect(page.getByTestId('connection-banner')).toBeHidden({ timeout: 20_000 });

  // The page said which update it applied last; B replayed what it missed from the log Redis
  // keeps beside the document instead of sending the whole state again.
  const hydrateBytes = frames.find((f) => f.text.includes('"core:hydrate"'))?.text.length ?? 0;
  const afterKill = frames.filter((f) => f.at >= killedAt);
  const reconnectBytes = afterKill.reduce((sum, f) => sum + f.text.length, 0);
  test.info().annotations.push({
    type: 'reconnect bytes',
    description: `${reconnectBytes} B received from the kill to the replay, against a ${hydrateBytes} B hydrate`,
  });
  expect(afterKill.some((f) => f.text.includes('"core:replay"'))).toBe(true);
  expect(afterKill.some((f) => f.text.includes('"core:hydrate"'))).toBe(false);

  // Same tab, same token, now served by B from Redis: what was committed before the kill is there.
  await expect(page.getByTestId('token')).toHaveText(token ?? '');
  expect(Number(await page.getByTestId('counter').textContent())).toBeGreaterThanOrEqual(shownBeforeKill);
  await expect(page.getByTestId('bg-counter')).toHaveText('1');
  await expect(page.getByTestId('max-counter')).toHaveValue('1000');
  await page.getByTestId('bg-increment').click();
  await expect(page.getByTestId('bg-counter')).toHaveText('2');

  // The task died with its process. Once its lease lapsed (3 s), B ends it (onTaskEnd: process
  // died): running goes back to false by itself, and the counter starts again, served by B.
  await expect(page.getByTestId('running')).toHaveText('stopped', { timeout: 15_000 });
  const stopped = Number(await page.getByTestId('counter').textContent());
  await page.getByTestId('toggle-running').click();
  await expect(page.getByTestId('running')).toHaveText('running');
  await expect.poll(async () => Number(await page.getByTestId('counter').textContent())).toBeGreaterThan(stopped + 1);
  expect(await runningTasks(b)).toBe(1);
  await page.getByTestId('toggle-running').click();
  await expect(page.getByTestId('running')).toHaveText('stopped');
  await expect.poll(() => runningTasks(b)).toBe(0);
});

/** Background tasks running on a server (its health endpoint). */
async function runningTasks(server: DemoServer): Promise<number> {
  const response = await fetch(`${server.url}/healthz`);
  return ((await response.json()) as { tasks: number }).tasks;
}
