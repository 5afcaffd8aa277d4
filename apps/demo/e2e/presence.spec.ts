import { RedisProcess } from '@core/test-support';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

/**
 * Presence and app-lifetime tasks across two `core start` processes on one Redis (issue 26): who is
 * in a room (join, name, leave) whichever process each page is on, a killed process's pages gone
 * from the list within the bound, and the app-wide clock ticking once per second with two processes,
 * also after `kill -9` of the process running it.
 */
test.skip(!process.env.CI && !RedisProcess.available(), 'redis-server is not installed (in CI this fails instead)');

/** The documented bound: a dead process's lease (3 s) and one tick (1 s), well under the 15 s promise. */
const BOUND = 15_000;

let redis: RedisProcess;
test.beforeAll(async () => {
  redis = await RedisProcess.start();
});
test.afterAll(async () => {
  await redis?.dispose();
});

async function twoServers(): Promise<[DemoServer, DemoServer]> {
  const env = { REDIS_URL: redis.url };
  const [a, b] = await Promise.all([DemoServer.start(env), DemoServer.start(env)]);
  return [a, b];
}

/** A tab of a fresh browser (its own session) on `url`. */
async function openTab(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(url);
  return tab;
}

/** The names a tab's room presence list shows, sorted. */
async function names(tab: Page): Promise<string[]> {
  return (await tab.getByTestId('room-presence').getByTestId('presence-entry').allTextContents())
    .map((text) => text.trim())
    .sort();
}

/** The app tasks a server runs (its health endpoint lists them). */
async function runsClock(server: DemoServer): Promise<boolean> {
  const response = await fetch(`${server.url}/healthz`);
  const health = (await response.json()) as { appTasks?: { name: string; state: string }[] };
  return health.appTasks?.some((task) => task.name === 'clock' && task.state === 'running') ?? false;
}

test.describe('presence across two processes', () => {
  let a: DemoServer;
  let b: DemoServer;
  test.beforeAll(async () => {
    [a, b] = await twoServers();
  });
  test.afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  test('pages in a room see each other across processes, with their signed-in names, and leave', async ({
    browser,
  }) => {
    const room = `p-${Date.now().toString(36)}`;
    // Ada signs in on A (home page), then opens the room on A; a guest opens it on B.
    const ada = await openTab(browser, a.url);
    await ada.getByTestId('sign-in-name').fill('Ada');
    await ada.getByTestId('sign-in').click();
    await expect(ada.getByTestId('session-name')).toHaveText('Ada');
    await ada.goto(`${a.url}/room/${room}`);
    const guest = await openTab(browser, `${b.url}/room/${room}`);
    for (const tab of [ada, guest]) await expect.poll(() => names(tab)).toEqual(['Ada', 'guest']);

    // The guest signs in from a second tab of its browser (on A): its room page takes the name.
    const guestHome = await guest.context().newPage();
    await guestHome.goto(a.url);
    await guestHome.getByTestId('sign-in-name').fill('Bo');
    await guestHome.getByTestId('sign-in').click();
    for (const tab of [ada, guest]) await expect.poll(() => names(tab)).toEqual(['Ada', 'Bo']);

    // A handler sets the guest's entry (ctx.presence), on B: Ada sees the hand on A, then it goes down.
    await guest.getByTestId('room-hand').click();
    await expect(guest.getByTestId('room-hand')).toHaveText('Lower your hand');
    await expect.poll(() => names(ada)).toEqual(['Ada', 'Bo ✋']);
    await guest.getByTestId('room-hand').click();
    await expect.poll(() => names(ada)).toEqual(['Ada', 'Bo']);
    await guest.getByTestId('room-hand').click();
    await expect.poll(() => names(ada)).toEqual(['Ada', 'Bo ✋']);

    // Leaving the room, then closing the tab: each shows on the other process at once.
    await guest.getByTestId('room-leave').click();
    await expect.poll(() => names(ada)).toEqual(['Ada']);
    await guest.goto(`${b.url}/room/${room}`);
    // Back in the room as a new page: the hand it raised before is not carried over.
    await expect.poll(() => names(ada)).toEqual(['Ada', 'Bo']);
    await guest.close();
    await expect.poll(() => names(ada)).toEqual(['Ada']);
    await ada.context().close();
    await guest.context().close();
  });

  test('online-count counts the pages on both processes, from presence', async ({ browser }) => {
    const first = await openTab(browser, a.url);
    const count = async () => Number(await first.getByTestId('online-count').textContent());
    await expect.poll(count).toBeGreaterThanOrEqual(1);
    const base = await count();
    const second = await openTab(browser, b.url);
    await expect.poll(count).toBe(base + 1);
    await second.context().close();
    await expect.poll(count).toBe(base);
    await first.context().close();
  });
});

test('kill -9 of a process: its pages leave the room list on the other process within the bound', async ({
  browser,
}) => {
  const [a, b] = await twoServers();
  try {
    const room = `k-${Date.now().toString(36)}`;
    const onA = await openTab(browser, `${a.url}/room/${room}`);
    const onB = await openTab(browser, `${b.url}/room/${room}`);
    await expect.poll(() => names(onB)).toEqual(['guest', 'guest']);
    await a.kill();
    const killedAt = Date.now();
    await expect.poll(() => names(onB), { timeout: BOUND }).toEqual(['guest']);
    const took = Date.now() - killedAt;
    test.info().annotations.push({ type: 'presence after kill -9', description: `gone after ${took} ms` });
    expect(took).toBeLessThanOrEqual(BOUND);
    await onA.context().close();
    await onB.context().close();
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test('server-clock: one tick per second with two processes, and still ticking after kill -9 of its holder', async ({
  browser,
}) => {
  const [a, b] = await twoServers();
  try {
    await expect.poll(async () => (await runsClock(a)) !== (await runsClock(b)), { timeout: BOUND }).toBe(true);
    const [holder, other] = (await runsClock(a)) ? [a, b] : [b, a];
    const tab = await openTab(browser, other.url);
    const clock = async () => Number(await tab.getByTestId('server-clock').textContent());

    /** Polls until the clock moved `ticks` on, and returns how long that took. */
    const timeTicks = async (ticks: number, timeout: number) => {
      const from = await clock();
      const start = Date.now();
      await expect.poll(clock, { timeout, intervals: [50] }).toBeGreaterThanOrEqual(from + ticks);
      return { ms: Date.now() - start, reached: await clock(), from };
    };
    await timeTicks(1, 5_000);
    // Once per second in all: twice that rate would mean both processes run it.
    const steady = await timeTicks(5, 10_000);
    expect(steady.ms).toBeGreaterThanOrEqual(3_900);
    expect(steady.ms).toBeLessThanOrEqual(6_500);

    await holder.kill();
    const killedAt = Date.now();
    const resumed = await timeTicks(1, BOUND);
    test.info().annotations.push({ type: 'clock after kill -9', description: `next tick after ${resumed.ms} ms` });
    expect(Date.now() - killedAt).toBeLessThanOrEqual(BOUND);
    await expect.poll(() => runsClock(other)).toBe(true);
    const after = await timeTicks(5, 10_000);
    expect(after.ms).toBeGreaterThanOrEqual(3_900);
    expect(after.ms).toBeLessThanOrEqual(6_500);
    await tab.context().close();
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});
