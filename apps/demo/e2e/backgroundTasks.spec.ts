import { expect, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

// A port of the background-task scenarios of Reflex's integration suite.
let server: DemoServer;
test.beforeAll(async () => {
  server = await DemoServer.start();
});
test.afterAll(async () => {
  await server?.stop();
});

test('events and background tasks on one counter end at exactly the expected total', async ({ page }) => {
  await page.goto(server.url);
  const click = (id: string) => page.getByTestId(id).click();
  await page.getByTestId('bg-iterations').fill('50');
  await expect(page.getByTestId('bg-iterations')).toHaveValue('50');
  await click('bg-delayed');
  await click('bg-blocking');
  await click('bg-delayed');
  for (let i = 0; i < 10; i++) await click('bg-increment');
  await click('bg-blocking');
  await click('bg-delayed');
  await click('bg-delayed');
  await click('bg-yield');
  await click('bg-racy');
  await click('bg-nonblocking');
  await click('bg-yield');
  await click('bg-blocking');
  await click('bg-yield');
  for (let i = 0; i < 10; i++) await click('bg-increment');
  await click('bg-yield');
  await click('bg-blocking');
  // 4 delayed × 50 + 4 yield × 50 + racy 4 × 50 + 20 increments
  await expect(page.getByTestId('bg-counter')).toHaveText('620', { timeout: 40_000 });
  await click('bg-reset');
  await expect(page.getByTestId('bg-counter')).toHaveText('0');
});

test('a modify nested in a modify of the same task is refused, and the page keeps working', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('bg-counter')).toHaveText('0');
  await page.getByTestId('bg-nested').click();
  await expect(page.getByTestId('bg-counter')).toHaveText('1');
  await page.getByTestId('bg-increment').click();
  await expect(page.getByTestId('bg-counter')).toHaveText('2');
});

test('another state of the tab is writable inside modify and read-only outside', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('bg-counter')).toHaveText('0');
  await page.getByTestId('bg-other-state').click();
  await expect(page.getByTestId('bg-counter')).toHaveText('12');
  await page.getByTestId('bg-increment').click();
  await expect(page.getByTestId('bg-counter')).toHaveText('13');
});

test('a yield inside a modify block sends an update and keeps the state writable', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('bg-counter')).toHaveText('0');
  await page.getByTestId('bg-yield-in-modify').click();
  await expect(page.getByTestId('bg-counter')).toHaveText('2');
});
