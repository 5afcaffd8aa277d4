import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { oneOrTwoProcesses, useDemoServers } from './support/demoServers';

/**
 * State beyond one tab (issue 14): two browser contexts with two tabs each, on one process and on
 * two processes behind Redis. App-wide counter, session name per browser, online count, rooms.
 */

for (const setup of oneOrTwoProcesses) {
  test.describe(`shared state (${setup.name})`, () => {
    /** The server for the n-th page: alternating between processes when there are two. */
    const url = useDemoServers(setup);

    async function openTabs(browser: Browser, first: number): Promise<{ context: BrowserContext; tabs: Page[] }> {
      const context = await browser.newContext();
      const tabs: Page[] = [];
      for (const n of [first, first + 1]) {
        const tab = await context.newPage();
        await tab.goto(url(n));
        await expect(tab.getByTestId('shared-counter')).toBeVisible();
        tabs.push(tab);
      }
      return { context, tabs };
    }

    test('the app-wide counter is exact after concurrent clicks in two browsers and four tabs', async ({ browser }) => {
      const a = await openTabs(browser, 0);
      const b = await openTabs(browser, 2);
      const all = [...a.tabs, ...b.tabs];
      const before = Number(await all[0].getByTestId('shared-counter').textContent());
      await Promise.all(
        all.map(async (tab) => {
          for (let i = 0; i < 5; i++) await tab.getByTestId('shared-increment').click();
        }),
      );
      for (const tab of all) await expect(tab.getByTestId('shared-counter')).toHaveText(String(before + 20));
      await a.context.close();
      await b.context.close();
    });

    test('a session name reaches the tabs of its browser only, and signing out rotates the session', async ({
      browser,
    }) => {
      const a = await openTabs(browser, 0);
      const b = await openTabs(browser, 2);
      const cookieBefore = (await a.context.cookies()).find((c) => c.name === 'core_session');
      expect(cookieBefore?.httpOnly).toBe(true);
      expect(cookieBefore?.sameSite).toBe('Lax');
      await a.tabs[0].getByTestId('sign-in-name').fill('Ada');
      await a.tabs[0].getByTestId('sign-in').click();
      for (const tab of a.tabs) await expect(tab.getByTestId('session-name')).toHaveText('Ada');
      for (const tab of b.tabs) await expect(tab.getByTestId('session-name')).toHaveText('');
      // Signing in rotated the session id: the browser holds a new cookie.
      await expect
        .poll(async () => (await a.context.cookies()).find((c) => c.name === 'core_session')?.value)
        .not.toBe(cookieBefore?.value);
      const signedIn = (await a.context.cookies()).find((c) => c.name === 'core_session')?.value;
      await a.tabs[1].getByTestId('sign-out').click();
      for (const tab of a.tabs) await expect(tab.getByTestId('session-name')).toHaveText('');
      await expect
        .poll(async () => (await a.context.cookies()).find((c) => c.name === 'core_session')?.value)
        .not.toBe(signedIn);
      // A reload keeps the (signed-out) session: still empty, and a new sign-in shows everywhere.
      await a.tabs[0].reload();
      await a.tabs[0].getByTestId('sign-in-name').fill('Grace');
      await a.tabs[0].getByTestId('sign-in').click();
      for (const tab of a.tabs) await expect(tab.getByTestId('session-name')).toHaveText('Grace');
      for (const tab of b.tabs) await expect(tab.getByTestId('session-name')).toHaveText('');
      await a.context.close();
      await b.context.close();
    });

    test('online-count follows tabs opening and closing', async ({ browser }) => {
      const context = await browser.newContext();
      const first = await context.newPage();
      await first.goto(url(0));
      const count = async () => Number(await first.getByTestId('online-count').textContent());
      await expect.poll(count, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
      const base = await count();
      const second = await context.newPage();
      await second.goto(url(1));
      await expect.poll(count, { timeout: 15_000 }).toBe(base + 1);
      await second.close();
      await expect.poll(count, { timeout: 15_000 }).toBe(base);
      await context.close();
    });

    test('three tabs in a room add up exactly; leaving shows the private copy; another room is apart', async ({
      browser,
    }) => {
      const room = `x-${setup.redis ? 'redis' : 'one'}-${Date.now().toString(36)}`;
      const context = await browser.newContext();
      const tabs = await Promise.all([0, 1, 2].map(() => context.newPage()));
      for (const [n, tab] of tabs.entries()) {
        await tab.goto(`${url(n)}/room/${room}`);
        await expect(tab.getByTestId('room-joined')).toHaveText(room);
      }
      await Promise.all(tabs.map((tab) => tab.getByTestId('room-bump-bg').click()));
      for (const tab of tabs) await expect(tab.getByTestId('room-counter')).toHaveText('30', { timeout: 20_000 });
      await tabs[0].getByTestId('room-increment').click();
      for (const tab of tabs) await expect(tab.getByTestId('room-counter')).toHaveText('31');

      const other = await context.newPage();
      await other.goto(`${url(1)}/room/y-${room}`);
      await expect(other.getByTestId('room-joined')).toHaveText(`y-${room}`);
      await expect(other.getByTestId('room-counter')).toHaveText('0');

      await tabs[2].getByTestId('room-leave').click();
      await expect(tabs[2].getByTestId('room-joined')).toHaveText('');
      await expect(tabs[2].getByTestId('room-counter')).toHaveText('0'); // its private copy
      await tabs[0].getByTestId('room-increment').click();
      await expect(tabs[1].getByTestId('room-counter')).toHaveText('32');
      await expect(tabs[2].getByTestId('room-counter')).toHaveText('0');
      await context.close();
    });
  });
}
