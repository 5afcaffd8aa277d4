// Takes docs/public/examples/dashboard.png: the built dashboard after a minute of samples, with a
// second viewer and an export under way. Run `npm run build -w examples/dashboard` first, then
// `node examples/dashboard/scripts/screenshot.mjs` (about 70 s: it waits for the chart to fill).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppServer, chromiumArgs, chromiumPath } from '@core/test-support';
import { chromium, expect } from '@playwright/test';

const exampleRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(exampleRoot, '../../docs/public/examples/dashboard.png');

// A fresh state (no snapshot from an earlier run), and an export slow enough to catch half-way.
const server = await AppServer.start(exampleRoot, { env: { CORE_STATE_FILE: '', DASHBOARD_EXPORT_ROW_MS: '100' } });
const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
try {
  const page = await browser.newPage({ viewport: { width: 1180, height: 720 } });
  await page.goto(server.url);
  const other = await browser.newPage();
  await other.goto(server.url);
  await expect(page.getByTestId('dash-chart')).toHaveAttribute('data-points', '60', { timeout: 90_000 });
  await page.getByTestId('dash-export-start').click();
  await expect
    .poll(async () => Number.parseInt((await page.getByTestId('dash-export-percent').textContent()) ?? '', 10), {
      timeout: 20_000,
    })
    .toBeGreaterThanOrEqual(40);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
