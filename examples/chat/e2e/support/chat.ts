import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppServer } from '@core/test-support';
import { type Browser, expect, type Page } from '@playwright/test';

/** The example's folder: what `AppServer` runs `core start` in (build it first). */
export const exampleRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts the built chat on a free port, with the seeding route on and no state kept from an earlier
 * run. `env` adds to it (`REDIS_URL` for several processes).
 */
export function startChat(env: Record<string, string> = {}): Promise<AppServer> {
  return AppServer.start(exampleRoot, { env: { CHAT_TEST_ROUTES: '1', CORE_STATE_FILE: '', ...env } });
}

/** A room name no earlier test used. */
export function freshRoom(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** Waits until the page is live: the server marks the root inert until React has hydrated. */
export async function live(page: Page): Promise<void> {
  await expect(page.locator('#root[aria-disabled="true"]')).toHaveCount(0);
}

/**
 * A tab of a fresh browser (its own session: one person) signed in as `name` on the home page. A
 * page load right away keeps the sign-in, even before the browser has the new session cookie (the
 * render finishes the renewal the page left), so the caller may navigate at once.
 */
export async function signedIn(browser: Browser, url: string, name: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await live(page);
  await page.getByTestId('chat-sign-in-name').fill(name);
  await page.getByTestId('chat-sign-in').click();
  await expect(page.getByTestId('chat-user-name')).toHaveText(name);
  return page;
}

/** Opens room `room` in `page` and waits until it is live. */
export async function openRoom(page: Page, url: string, room: string): Promise<void> {
  await page.goto(`${url}/room/${room}`);
  await live(page);
  await expect(page.getByTestId('chat-room-name')).toHaveText(`#${room}`);
}

/** Sends `text` from the composer and waits until the page shows it. */
export async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('chat-message-input').fill(text);
  await page.getByTestId('chat-send').click();
  await expect(page.getByTestId('chat-message-text').last()).toHaveText(text);
}

/** The names in the room's people list, sorted. */
export async function people(page: Page): Promise<string[]> {
  return (await page.getByTestId('chat-person').allTextContents()).map((text) => text.replace(' (you)', '')).sort();
}

/** The texts of the messages the page shows, in order. */
export function texts(page: Page): Promise<string[]> {
  return page.getByTestId('chat-message-text').allTextContents();
}

/** Appends `count` numbered messages to `room` through the app's test-only seeding route. */
export async function seed(server: AppServer, room: string, count: number): Promise<void> {
  const response = await fetch(`${server.url}/_test/seed?room=${room}&count=${count}`, { method: 'POST' });
  expect(response.status, await response.text()).toBe(200);
}
