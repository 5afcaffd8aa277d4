import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppServer } from '@core/test-support';
import { expect, type Page, test } from '@playwright/test';

const exampleRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts the built dashboard (`core start`) for the calling spec file with a fresh state (no
 * snapshot of an earlier run: `CORE_STATE_FILE` empty) and stops it afterwards. Returns its URL.
 */
export function serveDashboard(env: Record<string, string> = {}): () => string {
  let server: AppServer | undefined;
  test.beforeAll(async () => {
    server = await AppServer.start(exampleRoot, { env: { CORE_STATE_FILE: '', ...env } });
  });
  test.afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the dashboard server has not started');
    return server.url;
  };
}

/** Opens the dashboard and waits until the page is live (the server marks it inert until then). */
export async function openDashboard(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('#root')).not.toHaveAttribute('aria-disabled', 'true');
}

/** A number shown in the element with this test id. */
export async function numberIn(page: Page, testId: string): Promise<number> {
  return Number.parseFloat((await page.getByTestId(testId).textContent()) ?? '');
}
