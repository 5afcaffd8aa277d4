import { expect, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

let server: DemoServer;
test.beforeAll(async () => {
  server = await DemoServer.start();
});
test.afterAll(async () => {
  await server?.stop();
});

// Regression (issue 28, bug 2): the window's `offline` event set the status to "offline" for good.
// On `localhost` socket.io keeps its websocket through a blip, so no reconnect ever reset the
// status, and every click after it waited in the queue until a reload.
test('after a short network blip that never closed the socket, the page is live and clicks go through', async ({
  page,
  context,
}) => {
  await page.goto(`http://localhost:${server.port}/`);
  await expect(page.getByTestId('theme-value')).toHaveText('light');
  await expect(page.getByTestId('connection-banner')).toHaveCount(0);

  await context.setOffline(true);
  await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
  await context.setOffline(false);
  await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(true);

  await page.getByTestId('theme-dark').click();
  await expect(page.getByTestId('theme-value')).toHaveText('dark');
  await expect(page.getByTestId('connection-banner')).toHaveCount(0);
});

// A longer outage closes the socket; back online, the page reconnects without waiting for
// socket.io's backoff, and what was clicked meanwhile is sent once.
test('a click made while offline is sent once the network is back', async ({ page, context }) => {
  await page.goto(`${server.url}/`);
  await expect(page.getByTestId('theme-value')).toHaveText('light');
  await context.setOffline(true);
  await expect(page.getByTestId('connection-banner')).toBeVisible();
  await page.getByTestId('theme-dark').click();
  await context.setOffline(false);
  await expect(page.getByTestId('theme-value')).toHaveText('dark');
  await expect(page.getByTestId('connection-banner')).toHaveCount(0);
});
