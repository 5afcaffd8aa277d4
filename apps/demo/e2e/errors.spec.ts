import { expect, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

test.describe('a handler that throws, in production', () => {
  let server: DemoServer;
  test.beforeAll(async () => {
    server = await DemoServer.start();
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('is rolled back and reported without its message, stack or backend vars', async ({ page }) => {
    await page.goto(server.url);
    await page.getByTestId('fail').click();
    const report = page.getByTestId('core-error');
    await expect(report).toBeVisible();
    await expect(report).toContainText('errors.fail');
    await expect(report).not.toContainText('Something broke');
    await expect(report).not.toContainText('never-shown');
    await expect(page.getByTestId('attempts')).toHaveText('0');
    // The page keeps working.
    await page.getByTestId('bg-increment').click();
    await expect(page.getByTestId('bg-counter')).toHaveText('1');
  });
});

test.describe('a handler that throws, in development (core dev)', () => {
  let server: DemoServer;
  test.beforeAll(async () => {
    server = await DemoServer.start({}, 'dev');
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('shows its message and stack in the page', async ({ page }) => {
    await page.goto(server.url);
    await page.getByTestId('fail').click();
    const report = page.getByTestId('core-error');
    await expect(report).toContainText('Something broke in a handler');
    await expect(report).toContainText('errorState.ts'); // the stack points at the state module
    await expect(page.getByTestId('attempts')).toHaveText('0');
  });
});
