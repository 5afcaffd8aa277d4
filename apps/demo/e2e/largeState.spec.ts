import { expect, type Page, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

// Issue 28, large state (Reflex's test_large_state): a state of many long string vars must be live
// in the page quickly. The first page used to weigh about four times the state: the HTML carried
// every state and the page took a full hydrate of it all again. Each byte of the state now goes to
// the page once: in the HTML when the route's render reads it, over the socket otherwise.

/** Opens `path` and counts the bytes of its document and of what the socket brought. */
async function openCounting(page: Page, url: string) {
  let socketBytes = 0;
  page.on('websocket', (socket) => socket.on('framereceived', (frame) => void (socketBytes += frame.payload.length)));
  const response = await page.goto(url);
  const documentBytes = (await response?.request().sizes())?.responseBodySize ?? 0;
  return { documentBytes, socketBytes: () => socketBytes };
}

test.describe('a 2 MB state (200 vars of 10,000 characters)', () => {
  const stateBytes = 199 * 10_000; // var0 is the counter
  let server: DemoServer;
  test.beforeAll(async () => {
    server = await DemoServer.start({ DEMO_LARGE_VARS: '200', DEMO_LARGE_CHARS: '10000', CORE_STATE_FILE: '' });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('a page that reads it gets it once, in its HTML; connecting is a replay of a few bytes', async ({ page }) => {
    const counted = await openCounting(page, `${server.url}/large`);
    const button = page.getByTestId('large-button');
    await expect(button).toHaveText('0');
    await button.click();
    await expect(button).toHaveText('1');
    expect(counted.documentBytes).toBeGreaterThan(stateBytes);
    expect(counted.documentBytes).toBeLessThan(stateBytes * 1.1);
    expect(counted.socketBytes()).toBeLessThan(50_000);
  });

  test('a page that does not read it has it out of its HTML and gets it once over the socket', async ({ page }) => {
    const counted = await openCounting(page, `${server.url}/`);
    await expect(page.getByTestId('theme-value')).toBeVisible();
    await expect(page.getByTestId('connection-banner')).toHaveCount(0);
    expect(counted.documentBytes).toBeLessThan(200_000);
    await expect.poll(() => counted.socketBytes()).toBeGreaterThan(stateBytes);
    expect(counted.socketBytes()).toBeLessThan(stateBytes * 1.1);
    // The state arrived: a link to its page shows it without another copy.
    const before = counted.socketBytes();
    await page.evaluate(() => {
      history.pushState(null, '', '/large');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await expect(page.getByTestId('large-button')).toHaveText('0');
    expect(counted.socketBytes() - before).toBeLessThan(50_000);
  });
});

// The size Reflex's test uses: 10,000 vars of 10,000 characters (100 MB), live within 30 s.
test('a 100 MB state is live in the page within 30 s', async ({ page }) => {
  test.setTimeout(180_000);
  const server = await DemoServer.start({
    DEMO_LARGE_VARS: '10000',
    DEMO_LARGE_CHARS: '10000',
    CORE_STATE_FILE: '',
  });
  try {
    const started = Date.now();
    const counted = await openCounting(page, `${server.url}/large`);
    const button = page.getByTestId('large-button');
    await expect(button).toHaveText('0', { timeout: 30_000 });
    await button.click();
    await expect(button).toHaveText('1', { timeout: 30_000 - (Date.now() - started) });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(counted.documentBytes).toBeGreaterThan(99_990_000); // 9,999 vars of 10,000 characters, once
    expect(counted.documentBytes).toBeLessThan(110_000_000);
    expect(counted.socketBytes()).toBeLessThan(50_000);
  } finally {
    await server.stop();
  }
});
