import { expect, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

let server: DemoServer;
test.beforeAll(async () => {
  server = await DemoServer.start();
});
test.afterAll(async () => {
  await server?.stop();
});

// Regression (issue 28, bug 3): on a full page load the on-load events run during the server
// render, before any page is connected, and their client actions went nowhere.
test('an on-load redirect on a full page load is an HTTP 303, and the tab keeps its token', async ({ page }) => {
  const response = await page.goto(`${server.url}/old-home?foo=bar`);
  await expect(page).toHaveURL(`${server.url}/`);
  const first = response?.request().redirectedFrom();
  expect(first?.url()).toBe(`${server.url}/old-home?foo=bar`);
  expect((await first?.response())?.status()).toBe(303);
  await expect(page.getByTestId('theme-value')).toBeVisible();
  await expect(page.getByTestId('connection-banner')).toHaveCount(0);
  // One tab, one token: the redirected render adopted the token the first render issued.
  const html = await response?.text();
  const rendered = JSON.parse(/window\.__CORE_SSR__=(.*?)<\/script>/.exec(html ?? '')?.[1] ?? '{}').token;
  await expect(page.getByTestId('token')).toHaveText(rendered);
});

test('a toast from an on-load event on a full page load shows once the page is live', async ({ page }) => {
  await page.goto(`${server.url}/welcome`);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await expect(page.getByTestId('core-toast').filter({ hasText: 'Saved' })).toBeVisible();
});
