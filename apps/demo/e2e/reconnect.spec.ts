import { expect, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

let server: DemoServer;
test.beforeAll(async () => {
  server = await DemoServer.start();
});
test.afterAll(async () => {
  await server?.stop();
});

test('stopping the server mid-task shows the banner; after a restart the page resyncs and offline clicks apply once', async ({
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
  // ...and are applied exactly once after the reconnect (memory state restarts with the process,
  // so the counter is the three offline clicks on a fresh state of the same token).
  await expect(page.getByTestId('bg-counter')).toHaveText('3');
  await expect(page.getByTestId('token')).toHaveText(token ?? '');
  await expect(page.getByTestId('bg-counter')).toHaveText('3');
});
