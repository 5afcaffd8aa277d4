import { expect, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

// Issue 28: errors of the page — thrown in a click, a rejected promise, a render that throws —
// reach the server, which logs them and passes them to the app's onClientError (the demo's shows
// them back in the page).
test.describe('errors of the page', () => {
  let server: DemoServer;
  test.beforeAll(async () => {
    server = await DemoServer.start();
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('an uncaught error, an unhandled rejection and a render error reach the server and its hook', async ({
    page,
  }) => {
    await page.goto(server.url);
    const reported = page.getByTestId('client-errors');
    await page.getByTestId('throw-error').click();
    await expect(reported).toContainText('error: Demo click error');
    await page.getByTestId('reject-promise').click();
    await expect(reported).toContainText('unhandledrejection: Demo rejection');
    // A render error: CoreProvider's boundary shows its fallback instead of an empty page.
    await page.getByTestId('crash-render').click();
    await expect(page.getByTestId('core-render-error')).toBeVisible();
    await expect(page.getByTestId('counter')).toHaveCount(0);
    await page.getByTestId('core-render-error-retry').click();
    await expect(reported).toContainText('render: Demo render error');
    await expect(page.getByTestId('client-error-count')).toHaveText('3');
    // The server logged them, each with the browser's stack.
    await expect.poll(() => server.output).toContain('A page reported a render error at /: Demo render error');
    expect(server.output).toContain('A page reported an uncaught error at /: Demo click error');
    expect(server.output).toMatch(/Demo render error \(token [^)]*\)\nError: Demo render error\n\s+at /);
    // The page still works.
    await page.getByTestId('bg-increment').click();
    await expect(page.getByTestId('bg-counter')).toHaveText('1');
  });

  test('a page that keeps failing sends ten reports a minute, no more', async ({ page }) => {
    await page.goto(server.url);
    for (let i = 0; i < 15; i++) await page.getByTestId('throw-error').click();
    await expect(page.getByTestId('client-error-count')).toHaveText('10');
    // Events still run after the flood, and no eleventh report arrived meanwhile.
    await page.getByTestId('bg-increment').click();
    await expect(page.getByTestId('bg-counter')).toHaveText('1');
    await expect(page.getByTestId('client-error-count')).toHaveText('10');
  });
});
