import { expect, test } from '@playwright/test';
import { numberIn, openDashboard, serveDashboard } from './support/dashboardServer';

/**
 * The event log is an app-wide collection, newest first: a page's first paint carries the newest
 * 10 entries, new ones arrive at the top, older ones load on demand. Viewers coming and going are
 * logged (the app's presence list), which gives the spec entries without waiting for an alert.
 */
const url = serveDashboard();

test('entries arrive live at the top, and a page loads the older ones on demand', async ({ browser }) => {
  const watcher = await browser.newPage();
  await openDashboard(watcher, url());
  // Alerts of the sampler may come in between: count the viewers' lines rather than read the top one.
  const joins = watcher.getByTestId('dash-log-entry').filter({ hasText: 'A viewer opened the dashboard' });
  const leaves = watcher.getByTestId('dash-log-entry').filter({ hasText: 'A viewer left' });
  await expect(joins).toHaveCount(1);
  // Six more viewers come and go: each is a join and a leave in the log, seen by the watcher live.
  for (let i = 0; i < 6; i++) {
    const visitor = await browser.newPage();
    await openDashboard(visitor, url());
    await expect(joins).toHaveCount(i + 2);
    await expect(joins.first()).toContainText('(2 watching)');
    await visitor.close();
    await expect(leaves).toHaveCount(i + 1);
    await expect(leaves.first()).toContainText('(1 watching)');
  }
  await expect.poll(() => numberIn(watcher, 'dash-log-total')).toBeGreaterThanOrEqual(13);

  // A page opened now gets the newest 10 with its first paint (then its own join, live), not all.
  const late = await browser.newPage();
  await openDashboard(late, url());
  const ids = async () =>
    (await late
      .getByTestId('dash-log-entry')
      .evaluateAll((items) => items.map((li) => Number(li.dataset.id)))) as number[];
  const first = await ids();
  expect(first.length).toBeLessThanOrEqual(12);
  expect(Math.min(...first)).toBeGreaterThan(1);
  // "Older entries" loads ten more per click (alerts may have added entries: click until the first).
  const older = late.getByTestId('dash-log-older');
  const total = await numberIn(late, 'dash-log-total');
  await older.click();
  await expect.poll(async () => (await ids()).length).toBeGreaterThanOrEqual(Math.min(first.length + 10, total));
  await expect(async () => {
    if ((await older.count()) > 0) await older.click({ timeout: 1_000 });
    expect(Math.min(...(await ids()))).toBe(1);
  }).toPass();
  await expect(older).toHaveCount(0);
  const loaded = await ids();
  // Newest first, no gap, no repeat, down to id 1.
  expect(loaded).toEqual(loaded.map((_, i) => loaded[0] - i));
  expect(loaded.length).toBe(await numberIn(late, 'dash-log-total'));
  await late.close();
  await watcher.close();
});
