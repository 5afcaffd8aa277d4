import { expect, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

let server: DemoServer;
test.beforeAll(async () => {
  server = await DemoServer.start();
});
test.afterAll(async () => {
  await server?.stop();
});

test('the low-level task shows loading, then the fetched data', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('loading')).toHaveText('idle');
  await page.getByTestId('fetch-data').click();
  await expect(page.getByTestId('loading')).toHaveText('loading');
  await expect(page.getByTestId('data')).toHaveText('alphabetagamma');
  await expect(page.getByTestId('loading')).toHaveText('idle');
});
