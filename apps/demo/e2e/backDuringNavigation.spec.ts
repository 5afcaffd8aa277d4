import { expect, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

let server: DemoServer;
test.beforeAll(async () => {
  server = await DemoServer.start();
});
test.afterAll(async () => {
  await server?.stop();
});

// Regression (issue 28, bug 6): Back while a link's page was still loading was compared with the
// page still on screen (the old one) and dropped; the link's page then showed under the old URL
// (3 runs in 25). Holding the user page's module makes the race happen every time.
test('Back while the linked page is still loading shows the page of the URL: the last navigation wins', async ({
  page,
}) => {
  await page.goto(`${server.url}/`);
  await expect(page.getByTestId('theme-value')).toBeVisible();
  await expect(page.getByTestId('connection-banner')).toHaveCount(0);

  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let requested = () => {};
  const chunkRequested = new Promise<void>((resolve) => {
    requested = resolve;
  });
  // The user page's chunk (`src/pages/users/[id].tsx` → `assets/_id_-<hash>.js`).
  await page.route(/\/assets\/_id_-[^/]*\.js$/, async (route) => {
    requested();
    await released;
    await route.continue();
  });

  await page.getByTestId('nav-user-7').click();
  await chunkRequested;
  await expect(page).toHaveURL(`${server.url}/users/7`);
  await page.goBack();
  await expect(page).toHaveURL(`${server.url}/`);
  const delivered = page.waitForResponse(/\/assets\/_id_-[^/]*\.js$/);
  release();
  await delivered;
  // Let the page evaluate the module and settle its import (a frame, then a task).
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));

  // The user page's module arrives after Back: it must not take over.
  await expect(page.getByTestId('theme-value')).toBeVisible();
  await expect(page.getByTestId('user-id')).toHaveCount(0);
  await expect(page.getByTestId('nav-home')).toHaveAttribute('aria-current', 'page');
  // The server's router ends where the page is: Forward goes to the user page for real.
  await page.goForward();
  await expect(page.getByTestId('user-id')).toHaveText('7');
});
