import { expect, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

let server: DemoServer;
test.beforeAll(async () => {
  server = await DemoServer.start();
});
test.afterAll(async () => {
  await server?.stop();
});

test('the UI stays interactive while myTask streams: clear and a new max take effect at once', async ({ page }) => {
  await page.goto(server.url);
  const counter = page.getByTestId('counter');
  await expect(counter).toHaveText('0');
  await page.getByTestId('max-counter').fill('100');
  await page.getByTestId('toggle-running').click();
  await expect(page.getByTestId('running')).toHaveText('running');
  await expect.poll(async () => Number(await counter.textContent())).toBeGreaterThanOrEqual(3);

  // Clearing while the task runs applies at once (no wait for the task), and counting goes on.
  await page.getByTestId('clear-counter').click();
  await expect.poll(async () => Number(await counter.textContent()), { timeout: 2_000 }).toBeLessThan(3);
  await expect.poll(async () => Number(await counter.textContent())).toBeGreaterThanOrEqual(2);

  // A new max below the current count stops the task on its next step.
  await page.getByTestId('max-counter').fill('4');
  await expect(page.getByTestId('running')).toHaveText('stopped');
  await expect(counter).toHaveText('4');
  await expect(page.getByTestId('remaining')).toHaveText('0');
});

test('toggling three times quickly leaves one task running (exclusive: restart)', async ({ page }) => {
  await page.goto(server.url);
  await page.getByTestId('max-counter').fill('3');
  const toggle = page.getByTestId('toggle-running');
  await toggle.click();
  await toggle.click();
  await toggle.click();
  await expect(page.getByTestId('running')).toHaveText('running');
  await expect(page.getByTestId('counter')).toHaveText('3');
  await expect(page.getByTestId('running')).toHaveText('stopped');
});
