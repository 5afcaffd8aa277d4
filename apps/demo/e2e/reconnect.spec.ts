import { expect, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

let server: DemoServer;
test.beforeAll(async () => {
  server = await DemoServer.start();
});
test.afterAll(async () => {
  await server?.stop();
});

test('stopping the server mid-task shows the banner; after a restart the page resyncs, keeps its state, and offline clicks apply once', async ({
  page,
}) => {
  await page.goto(server.url);
  await page.getByTestId('max-counter').fill('1000');
  await page.getByTestId('toggle-running').click();
  await expect.poll(async () => Number(await page.getByTestId('counter').textContent())).toBeGreaterThanOrEqual(2);
  await page.getByTestId('bg-increment').click();
  await expect(page.getByTestId('bg-counter')).toHaveText('1');
  const token = await page.getByTestId('token').textContent();

  await server.stop();
  await expect(page.getByTestId('connection-banner')).toBeVisible();
  // Clicks while offline wait in the page...
  await page.getByTestId('bg-increment').click();
  await page.getByTestId('bg-increment').click();
  await page.getByTestId('bg-increment').click();

  await server.restart();
  await expect(page.getByTestId('connection-banner')).toBeHidden({ timeout: 20_000 });
  // The state survived the graceful restart (core start saves the memory state on SIGTERM and
  // loads it back), and the three offline clicks were applied exactly once on top of it.
  await expect(page.getByTestId('bg-counter')).toHaveText('4');
  await expect(page.getByTestId('token')).toHaveText(token ?? '');
  expect(Number(await page.getByTestId('counter').textContent())).toBeGreaterThanOrEqual(2);
  // The task ended with the old process (onTaskEnd ran before the state was saved): running is
  // not stuck, and the counter starts again on the new one.
  await expect(page.getByTestId('running')).toHaveText('stopped');
  const kept = Number(await page.getByTestId('counter').textContent());
  await page.getByTestId('toggle-running').click();
  await expect.poll(async () => Number(await page.getByTestId('counter').textContent())).toBeGreaterThan(kept);
});
