import { type BrowserContext, expect, type Page, type Route, test } from '@playwright/test';
import { oneOrTwoProcesses, useDemoServers } from './support/demoServers';

/**
 * Regression (examples/chat, 3 runs in 15): the signed-in name showed at once, but the browser got
 * the new session cookie a moment later (the page's POST /_core/session); a page load in between
 * went out with the old cookie and rendered the old, signed-out session for good. Here that POST
 * is held back, so every page load below falls in that moment.
 */

for (const setup of oneOrTwoProcesses) {
  test.describe(`a page load right after signing in (${setup.name})`, () => {
    const url = useDemoServers(setup);

    async function sessionCookie(context: BrowserContext): Promise<string | undefined> {
      return (await context.cookies()).find((cookie) => cookie.name === 'core_session')?.value;
    }

    async function livePage(context: BrowserContext, href: string): Promise<Page> {
      const page = await context.newPage();
      await page.goto(href);
      await expect(page.locator('#root[aria-disabled="true"]')).toHaveCount(0);
      return page;
    }

    /** Holds back the page's POSTs for its new session cookie; returns them (never let through). */
    async function holdCookiePosts(page: Page): Promise<Route[]> {
      const held: Route[] = [];
      await page.route('**/_core/session', (route) =>
        route.request().method() === 'POST' ? void held.push(route) : route.fallback(),
      );
      return held;
    }

    test('a reload keeps the sign-in, and a link right after a sign-out keeps that', async ({ browser }) => {
      const context = await browser.newContext();
      const page = await livePage(context, url(0));
      const sibling = await livePage(context, url(1));
      const held = await holdCookiePosts(page);
      const before = await sessionCookie(context);

      await page.getByTestId('sign-in-name').fill('Ada');
      await page.getByTestId('sign-in').click();
      await expect(page.getByTestId('session-name')).toHaveText('Ada');
      await expect.poll(() => held.length).toBe(1);
      expect(await sessionCookie(context)).toBe(before); // the page has not got its new cookie

      const reloaded = await page.reload();
      // The server rendered the signed-in session (not just a later reconnect)...
      expect(await reloaded?.text()).toContain('data-testid="session-name">Ada<');
      await expect(page.getByTestId('session-name')).toHaveText('Ada');
      // ...and its response gave the browser the new cookie, which the browser's other tab follows.
      expect(await sessionCookie(context)).not.toBe(before);
      await expect(sibling.getByTestId('session-name')).toHaveText('Ada');

      // The same for a sign-out followed at once by a page load through a link.
      const signedIn = await sessionCookie(context);
      await expect(page.locator('#root[aria-disabled="true"]')).toHaveCount(0);
      await page.getByTestId('sign-out').click();
      await expect(page.getByTestId('session-name')).toHaveText('');
      await expect.poll(() => held.length).toBe(2);
      expect(await sessionCookie(context)).toBe(signedIn);
      const loaded = page.waitForResponse((response) => response.request().isNavigationRequest());
      await page.evaluate(() => window.location.assign('/?after=sign-out'));
      expect(await (await loaded).text()).toContain('data-testid="session-name"><');
      await expect(page.getByTestId('session-name')).toHaveText('');
      expect(await sessionCookie(context)).not.toBe(signedIn);
      await expect(sibling.getByTestId('session-name')).toHaveText('');

      for (const route of held) await route.abort().catch(() => undefined);
      await context.close();
    });
  });
}
