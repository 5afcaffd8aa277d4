import { expect, test } from '@playwright/test';
import { numberIn, openDashboard, serveDashboard } from './support/dashboardServer';

/** The sampler (an app-lifetime task) writes app-wide state once a second; every page follows it. */
const url = serveDashboard();

test('the samples advance live: the count, the chart and the data table grow', async ({ page }) => {
  await openDashboard(page, url());
  const chartPoints = async () => Number(await page.getByTestId('dash-chart').getAttribute('data-points'));
  const count = await numberIn(page, 'dash-sample-count');
  const points = await chartPoints();
  expect(points, 'a fresh server has fewer samples than the chart holds').toBeLessThan(55);
  await expect.poll(() => numberIn(page, 'dash-sample-count')).toBeGreaterThanOrEqual(count + 3);
  await expect.poll(chartPoints).toBeGreaterThanOrEqual(points + 3);
  // The newest row of the data table is the newest sample, and the tile shows its value.
  const newest = page.getByTestId('dash-sample-row').first();
  await expect
    .poll(async () => Number(await newest.getAttribute('data-seq')) - (await numberIn(page, 'dash-sample-count')))
    .toBe(0);
  await expect(page.getByTestId('dash-value-rps')).toHaveText(/^\d+$/);
});

test('two tabs in two browsers see the same app-wide samples and count each other', async ({ browser }) => {
  const contexts = [await browser.newContext(), await browser.newContext()];
  const [a, b] = await Promise.all(contexts.map((context) => context.newPage()));
  await openDashboard(a, url());
  await openDashboard(b, url());
  for (const tab of [a, b]) await expect(tab.getByTestId('dash-watching')).toHaveText('2');
  // A sample seen in one tab is in the other with the same values (a second may pass in between).
  const row = a.getByTestId('dash-sample-row').first();
  const seq = await row.getAttribute('data-seq');
  const cells = await row.locator('td').allTextContents();
  await expect(b.locator(`[data-testid="dash-sample-row"][data-seq="${seq}"] td`)).toHaveText(cells);
  // Both follow the newest sample as it comes.
  const later = Number(seq) + 2;
  for (const tab of [a, b]) await expect.poll(() => numberIn(tab, 'dash-sample-count')).toBeGreaterThanOrEqual(later);
  const laterCells = await a.locator(`[data-testid="dash-sample-row"][data-seq="${later}"] td`).allTextContents();
  await expect(b.locator(`[data-testid="dash-sample-row"][data-seq="${later}"] td`)).toHaveText(laterCells);
  await contexts[1].close();
  await expect(a.getByTestId('dash-watching')).toHaveText('1');
  await contexts[0].close();
});
