import { expect, type Page, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

// A short grace period: a tab's tasks are cancelled one second after its last page left.
let server: DemoServer;
test.beforeAll(async () => {
  server = await DemoServer.start({ DEMO_TASK_GRACE_PERIOD: '1000' });
});
test.afterAll(async () => {
  await server?.stop();
});

/** Background tasks running on the server (its health endpoint). */
async function runningTasks(): Promise<number> {
  const response = await fetch(`${server.url}/healthz`);
  return ((await response.json()) as { tasks: number }).tasks;
}

const counterOf = async (page: Page) => Number(await page.getByTestId('counter').textContent());

async function startCounter(page: Page): Promise<void> {
  await page.goto(server.url);
  await page.getByTestId('max-counter').fill('1000');
  await page.getByTestId('toggle-running').click();
  await expect(page.getByTestId('running')).toHaveText('running');
  await expect.poll(() => counterOf(page)).toBeGreaterThanOrEqual(2);
}

test('a duplicated tab is not stuck as running: it has no task, and its toggle starts its own', async ({ context }) => {
  const original = await context.newPage();
  await startCounter(original);
  const token = await original.evaluate(() => sessionStorage.getItem('core:token'));

  // What a browser's "duplicate tab" does: a new page starting with a copy of sessionStorage.
  const duplicate = await context.newPage();
  await duplicate.addInitScript((value) => {
    if (!sessionStorage.getItem('core:token')) sessionStorage.setItem('core:token', value as string);
  }, token);
  await duplicate.goto(server.url);
  // The first paint is the server's render of a fresh tab (counter 0); the copy arrives with the
  // socket's hydrate: wait for it (the original had counted to 2 or more) before reading it.
  await expect.poll(() => counterOf(duplicate)).toBeGreaterThanOrEqual(2);
  await expect(duplicate.getByTestId('token')).not.toHaveText(token ?? '');
  await expect(duplicate.getByTestId('running')).toHaveText('stopped');
  const copied = await counterOf(duplicate);
  await expect.poll(() => counterOf(original)).toBeGreaterThan(copied + 1); // the original still counts
  expect(await counterOf(duplicate)).toBe(copied);
  await expect(original.getByTestId('running')).toHaveText('running');

  await duplicate.getByTestId('toggle-running').click();
  await expect(duplicate.getByTestId('running')).toHaveText('running');
  await expect.poll(() => counterOf(duplicate)).toBeGreaterThan(copied);
  await duplicate.getByTestId('toggle-running').click();
  await original.getByTestId('toggle-running').click();
  await expect(duplicate.getByTestId('running')).toHaveText('stopped');
  await expect(original.getByTestId('running')).toHaveText('stopped');
  await expect.poll(runningTasks).toBe(0);
});

test('a closed tab’s task is cancelled after the grace period: coming back, it is gone and running is false', async ({
  context,
}) => {
  const page = await context.newPage();
  await startCounter(page);
  const token = await page.evaluate(() => sessionStorage.getItem('core:token'));
  expect(await runningTasks()).toBe(1);
  await page.close();

  // The task outlives the page for the grace period, then it is cancelled.
  await expect.poll(runningTasks, { timeout: 10_000 }).toBe(0);

  const back = await context.newPage();
  await back.addInitScript((value) => sessionStorage.setItem('core:token', value as string), token);
  await back.goto(server.url);
  await expect(back.getByTestId('token')).toHaveText(token ?? '');
  await expect(back.getByTestId('running')).toHaveText('stopped');
  const shown = await counterOf(back);
  expect(shown).toBeGreaterThanOrEqual(2);
  // Nothing counts any more (the next step would have come within half a second).
  await back.getByTestId('clear-counter').click();
  await expect(back.getByTestId('counter')).toHaveText('0');
  await back.getByTestId('toggle-running').click();
  await expect(back.getByTestId('running')).toHaveText('running');
  await expect.poll(() => counterOf(back)).toBeGreaterThanOrEqual(1);
});
