import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import { numberIn, openDashboard, serveDashboard } from './support/dashboardServer';

/**
 * The CSV export: a background task of the tab, its progress live on the page, a cancel, and the
 * file. Each row takes 200 ms here (`DASHBOARD_EXPORT_ROW_MS`): slow enough to cancel half-way,
 * quick enough to finish in a few seconds.
 */
const url = serveDashboard({ DASHBOARD_EXPORT_ROW_MS: '200' });

/** Opens the dashboard once the server holds at least `samples` samples. */
async function openWithSamples(page: Page, samples: number): Promise<void> {
  await openDashboard(page, url());
  await expect.poll(() => numberIn(page, 'dash-sample-count'), { timeout: 20_000 }).toBeGreaterThanOrEqual(samples);
}

test('an export shows its progress live, and a cancel stops it', async ({ page }) => {
  await openWithSamples(page, 8);
  const status = page.getByTestId('dash-export-status');
  await page.getByTestId('dash-export-start').click();
  await expect(status).toHaveAttribute('data-status', 'running');
  await expect.poll(() => numberIn(page, 'dash-export-percent')).toBeGreaterThan(0);
  await page.getByTestId('dash-export-cancel').click();
  await expect(status).toHaveAttribute('data-status', 'cancelled');
  const stoppedAt = await numberIn(page, 'dash-export-percent');
  expect(stoppedAt).toBeLessThan(100);
  // A row takes 200 ms: after two more samples (two seconds) a running export would have moved on.
  const samples = await numberIn(page, 'dash-sample-count');
  await expect.poll(() => numberIn(page, 'dash-sample-count')).toBeGreaterThanOrEqual(samples + 2);
  await expect(page.getByTestId('dash-export-percent')).toHaveText(`${stoppedAt}%`);
  await expect(page.getByTestId('dash-export-download')).toHaveCount(0);
  // The sampler's alerts may land above it (they are random): look for the entry, not the top one.
  await expect(page.getByTestId('dash-log-entry').filter({ hasText: 'Export cancelled' }).first()).toBeVisible();
});

test('a finished export downloads a CSV whose rows are the samples', async ({ page }) => {
  await openWithSamples(page, 5);
  await page.getByTestId('dash-export-start').click();
  await expect(page.getByTestId('dash-export-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('dash-export-percent')).toHaveText('100%');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('dash-export-download').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^metrics-1-\d+\.csv$/);
  const [header, ...lines] = (await readFile(await download.path(), 'utf8')).trimEnd().split('\n');
  expect(header).toBe('seq,time,requests_per_s,latency_ms,cpu_percent,memory_mb');
  const rows = lines.map((line) => line.split(','));
  // Every sample from the first on, in order (a fresh server keeps them all).
  expect(rows.map((row) => Number(row[0]))).toEqual(rows.map((_, i) => i + 1));

  // The rows the data table still shows carry the same numbers.
  const table = await page
    .getByTestId('dash-sample-row')
    .evaluateAll((trs) => trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((td) => td.textContent ?? '')));
  const shared = table.filter(([seq]) => Number(seq) <= rows.length);
  expect(shared.length).toBeGreaterThanOrEqual(3);
  for (const [seq, time, ...values] of shared) {
    const row = rows[Number(seq) - 1];
    expect(row[1].slice(11, 19)).toBe(time);
    expect(row.slice(2)).toEqual(values);
  }
});
