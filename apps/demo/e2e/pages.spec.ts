import { expect, type Page, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

/**
 * Pages of the demo (src/pages), in `core dev` and in `core build` + `core start`: server-rendered
 * first paint with the on-load events' state, client-side navigation on one socket, back/forward,
 * reloads that render the tab's own state, 404s.
 */
for (const mode of ['dev', 'start'] as const) {
  test.describe(`pages (core ${mode})`, () => {
    let server: DemoServer;
    test.beforeAll(async () => {
      server = await DemoServer.start({}, mode);
    });
    test.afterAll(async () => {
      await server?.stop();
    });

    test('the raw HTML of /users/42 holds the rendered user, its title, and no backend var', async () => {
      const response = await fetch(`${server.url}/users/42`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const html = await response.text();
      expect(html).toContain('<dd data-testid="user-name">User 42</dd>');
      expect(html).toContain('<dd data-testid="user-id">42</dd>');
      expect(html).toContain('<span data-testid="user-loads">1</span>');
      expect(html).toContain('<title>User 42</title>');
      expect(html).not.toContain('core demo</title>');
      expect(html).not.toContain('_nTasks');
      expect(html).not.toContain('Connecting…');
    });

    test('an unknown path answers 404 with the _404 page', async ({ page }) => {
      const raw = await fetch(`${server.url}/no/such/page`, { headers: { accept: 'text/html' } });
      expect(raw.status).toBe(404);
      expect(await raw.text()).toContain('data-testid="not-found"');
      const response = await page.goto(`${server.url}/no/such/page`);
      expect(response?.status()).toBe(404);
      await expect(page.getByTestId('not-found')).toBeVisible();
      await expect(page).toHaveTitle('Not found');
    });

    test('links navigate without a document load or a new socket; back and forward follow', async ({ page }) => {
      const sockets = countStateSockets(page);
      await trackFallback(page);
      await page.goto(`${server.url}/users/42`);
      await expect(page.getByTestId('user-name')).toHaveText('User 42');
      await page.evaluate(() => {
        (window as unknown as { sameDocument: boolean }).sameDocument = true;
      });

      await page.getByTestId('nav-user-7').click();
      await expect(page).toHaveURL(`${server.url}/users/7`);
      await expect(page.getByTestId('user-name')).toHaveText('User 7');
      await expect(page.getByTestId('user-id')).toHaveText('7');
      await expect(page.getByTestId('user-loads')).toHaveText('2');
      await expect(page).toHaveTitle('User 7');

      await page.getByTestId('nav-docs').click();
      await expect(page.getByTestId('docs-slug')).toHaveText('getting-started/install');

      await page.goBack();
      await expect(page).toHaveURL(`${server.url}/users/7`);
      await expect(page.getByTestId('user-name')).toHaveText('User 7');
      await page.goBack();
      await expect(page).toHaveURL(`${server.url}/users/42`);
      await expect(page.getByTestId('user-name')).toHaveText('User 42');
      await expect(page).toHaveTitle('User 42');
      await page.goForward();
      await expect(page.getByTestId('user-name')).toHaveText('User 7');
      await expect(page.getByTestId('user-loads')).toHaveText('5'); // 42, 7, (docs), 7, 42, 7

      await page.getByTestId('nav-home').click();
      await expect(page.getByTestId('counter')).toHaveText(/\d+/);
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
      expect(sockets()).toBe(1);
      expect(await sawFallback(page)).toBe(false);
    });

    test('a reload renders the tab its own state at once and runs the on-load event again', async ({ page }) => {
      await trackFallback(page);
      await page.goto(`${server.url}/users/42`);
      await page.getByTestId('nav-user-7').click();
      await expect(page.getByTestId('user-loads')).toHaveText('2');
      const token = await page.evaluate(() => sessionStorage.getItem('core:token'));
      expect(token).toBeTruthy();

      const document = page.waitForResponse((response) => response.url() === `${server.url}/users/7`);
      await page.reload();
      // The first paint (the HTML itself) already shows this tab's state: its token, three loads.
      const html = await (await document).text();
      expect(html).toContain(`"token":"${token}"`);
      expect(html).toContain('<span data-testid="user-loads">3</span>');
      await expect(page.getByTestId('user-loads')).toHaveText('3');
      await expect(page.getByTestId('user-name')).toHaveText('User 7');
      // Live again on the same token: its on-load event did not run a second time.
      await page.getByTestId('nav-user-7').click();
      await expect(page.getByTestId('user-loads')).toHaveText('4');
      expect(await page.evaluate(() => sessionStorage.getItem('core:token'))).toBe(token);
      expect(await sawFallback(page)).toBe(false);
    });

    test('the home page keeps its examples and goes live after the server render', async ({ page }) => {
      await page.goto(server.url);
      await expect(page).toHaveTitle('core demo');
      await page.getByTestId('bg-increment').click();
      await expect(page.getByTestId('bg-counter')).toHaveText('1');
      await expect(page.getByTestId('token')).toHaveText(/\./);
    });
  });
}

/** Counts the state server's websockets the page opens (Vite's HMR socket aside). */
function countStateSockets(page: Page): () => number {
  let count = 0;
  page.on('websocket', (socket) => {
    if (socket.url().includes('/socket.io/')) count += 1;
  });
  return () => count;
}

/** Records whether the `fallback` (shown only while no state is there) ever appears in the page. */
async function trackFallback(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const flag = window as unknown as { sawFallback: boolean };
    flag.sawFallback = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="hydrating"]')) flag.sawFallback = true;
    }).observe(document, { childList: true, subtree: true });
  });
}

function sawFallback(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { sawFallback: boolean }).sawFallback);
}
