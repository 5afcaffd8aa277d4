import { expect, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

let server: DemoServer;
test.beforeAll(async () => {
  server = await DemoServer.start();
});
test.afterAll(async () => {
  await server?.stop();
});

test('two pages have independent state', async ({ browser }) => {
  const a = await browser.newPage();
  const b = await browser.newPage();
  await a.goto(server.url);
  await b.goto(server.url);
  await a.getByTestId('bg-increment').click();
  await a.getByTestId('bg-increment').click();
  await expect(a.getByTestId('bg-counter')).toHaveText('2');
  await b.getByTestId('bg-increment').click();
  await expect(b.getByTestId('bg-counter')).toHaveText('1');
  await expect(a.getByTestId('bg-counter')).toHaveText('2');
  expect(await a.getByTestId('token').textContent()).not.toBe(await b.getByTestId('token').textContent());
});

test('reloading a page keeps its token and its state', async ({ page }) => {
  await page.goto(server.url);
  await page.getByTestId('bg-increment').click();
  await page.getByTestId('bg-increment').click();
  await expect(page.getByTestId('bg-counter')).toHaveText('2');
  const token = await page.getByTestId('token').textContent();
  await page.reload();
  await expect(page.getByTestId('bg-counter')).toHaveText('2');
  await expect(page.getByTestId('token')).toHaveText(token ?? '');
});

test('a duplicated tab (same token in sessionStorage) gets its own copy of the state', async ({ context }) => {
  const original = await context.newPage();
  await original.goto(server.url);
  await original.getByTestId('bg-increment').click();
  await expect(original.getByTestId('bg-counter')).toHaveText('1');
  const token = await original.evaluate(() => sessionStorage.getItem('core:token'));
  expect(token).toBeTruthy();

  // What a browser's "duplicate tab" does: a new page starting with a copy of sessionStorage.
  const duplicate = await context.newPage();
  await duplicate.addInitScript((value) => {
    if (!sessionStorage.getItem('core:token')) sessionStorage.setItem('core:token', value as string);
  }, token);
  await duplicate.goto(server.url);
  await expect(duplicate.getByTestId('bg-counter')).toHaveText('1'); // a copy...
  await expect(duplicate.getByTestId('token')).not.toHaveText(token ?? '');
  await duplicate.getByTestId('bg-increment').click();
  await expect(duplicate.getByTestId('bg-counter')).toHaveText('2');
  await expect(original.getByTestId('bg-counter')).toHaveText('1'); // ...of its own
});
