import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DevtoolsAnswer } from '@core/state/protocol';
import { expect, test } from '@playwright/test';
import { io } from 'socket.io-client';
import { DemoServer } from './support/demoServer';

const here = path.dirname(fileURLToPath(import.meta.url));
const demoRoot = path.resolve(here, '..');
const repoRoot = path.resolve(demoRoot, '../..');
const coreBin = path.join(repoRoot, 'packages/cli/bin/core.js');
/** Strings only the devtools (panel, wire names, styles) contain. */
const DEVTOOLS_MARKERS = ['devtools-panel', 'core:devtools', 'core-devtools'];

test.describe('devtools in core dev', () => {
  let server: DemoServer;
  test.beforeAll(async () => {
    server = await DemoServer.start({}, 'dev');
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('Ctrl+Shift+D opens the panel: a chained task with its modify ticks, an error with its stack, backend vars marked', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(server.url);
    await expect(page.getByTestId('counter')).toHaveText('0');
    await expect(page.getByTestId('devtools-toggle')).toBeVisible();
    await expect(page.getByTestId('devtools-panel')).toHaveCount(0);

    await page.keyboard.press('Control+Shift+D');
    const panel = page.getByTestId('devtools-panel');
    await expect(panel).toBeVisible();

    // The state tree holds every state of the tab, backend vars included and marked.
    const backendVar = panel.locator('[data-testid="devtools-var"][data-path="bg._taskId"]');
    await expect(backendVar).toHaveAttribute('data-backend', 'true');
    await expect(backendVar.getByTestId('devtools-backend-badge')).toHaveText('backend');
    await expect(panel.locator('[data-path="task.counter"]')).toHaveAttribute('data-backend', 'false');

    // toggle-running: a page event, and nested under it the background task it chains, with a
    // tick per modify block.
    await page.getByTestId('toggle-running').click();
    const toggle = panel.locator('[data-testid="devtools-event"][data-handler="task.toggleRunning"]');
    await expect(toggle).toHaveAttribute('data-origin', 'page');
    const toggleEntry = toggle.locator('xpath=..');
    const task = toggleEntry.locator('[data-testid="devtools-event"][data-handler="task.myTask"]');
    await expect(task).toHaveAttribute('data-kind', 'task');
    await expect(task).toHaveAttribute('data-origin', 'chain');
    await expect(task.getByTestId('devtools-task-bar')).toBeVisible();
    await expect.poll(() => task.getByTestId('devtools-tick').count()).toBeGreaterThanOrEqual(3);
    await expect(page.getByTestId('counter')).not.toHaveText('0');
    // The counter is highlighted as changed by the last update.
    await expect(panel.locator('[data-path="task.counter"][data-changed="true"]')).toBeVisible();
    await expect(panel.locator('[data-path="task.running"]')).toHaveAttribute('data-backend', 'false');

    // The failing handler: its error with the handler's own message and a stack into the state module.
    await page.getByTestId('fail').click();
    const fail = panel.locator('[data-testid="devtools-event"][data-handler="errors.fail"]');
    await expect(fail).toBeVisible();
    const error = fail.locator('xpath=..').getByTestId('devtools-error');
    await expect(error).toContainText('Something broke in a handler');
    await expect(error.getByTestId('devtools-stack')).toContainText('errorState.ts');

    // The connection: the socket and its traffic.
    await expect(panel.getByTestId('devtools-socket-id')).not.toHaveText('…');
    await expect(panel.getByTestId('devtools-sparkline')).toBeVisible();

    // The app tasks: the demo's server clock (an every-1s app task) runs on this process, and its
    // runs and last run move on while the panel is open.
    const clock = panel.locator('[data-testid="devtools-app-task"][data-name="clock"]');
    await expect(clock).toHaveAttribute('data-state', 'running');
    await expect(clock).toContainText('every 1s');
    const runs = async () => Number(await clock.getByTestId('devtools-app-task-runs').textContent());
    const runsBefore = await runs();
    await expect.poll(runs).toBeGreaterThan(runsBefore);
    await expect(clock.getByTestId('devtools-app-task-last-run')).toHaveText(/^(just now|[1-3] s ago)$/);

    // Stop the task; the picture for the docs' Devtools page is of the panel with all of the above in it.
    await page.getByTestId('toggle-running').click();
    await expect(task).toHaveAttribute('data-running', 'false');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    // Resized by its top edge: taller for the picture.
    const before = (await panel.boundingBox())?.height ?? 0;
    const handle = await panel.getByTestId('devtools-resize').boundingBox();
    if (!handle) throw new Error('no resize handle');
    await page.mouse.move(handle.x + 200, handle.y + 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + 200, handle.y - 180, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await panel.boundingBox())?.height ?? 0).toBeGreaterThan(before + 150);
    // The docs' picture is refreshed on request only (CORE_DOCS_SCREENSHOT=1), so a test run
    // leaves the working tree as it found it.
    const picture = process.env.CORE_DOCS_SCREENSHOT
      ? path.join(repoRoot, 'docs/devtools.png')
      : test.info().outputPath('devtools.png');
    await page.screenshot({ path: picture });

    // Filtered by handler (or state), then cleared.
    await panel.getByTestId('devtools-filter').fill('errors.');
    await expect(panel.getByTestId('devtools-event')).toHaveCount(1);
    await expect(panel.getByTestId('devtools-event')).toHaveAttribute('data-handler', 'errors.fail');
    await expect(panel.locator('[data-testid="devtools-var"][data-path^="task."]')).toHaveCount(0);
    // An event copied as JSON.
    await panel.getByTestId('devtools-copy').click();
    await expect(panel.getByTestId('devtools-copy')).toHaveText('copied');
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    expect(copied).toMatchObject({ handler: 'errors.fail', origin: 'page', error: { message: /Something broke/ } });
    await panel.getByTestId('devtools-filter').fill('');
    await panel.getByTestId('devtools-clear').click();
    await expect(panel.getByTestId('devtools-event')).toHaveCount(0);

    // Open or closed is remembered across reloads.
    await page.reload();
    await expect(page.getByTestId('devtools-panel')).toBeVisible();
    await page.keyboard.press('Control+Shift+D');
    await expect(page.getByTestId('devtools-panel')).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('counter')).toBeVisible();
    await expect(page.getByTestId('devtools-toggle')).toBeVisible();
    await expect(page.getByTestId('devtools-panel')).toHaveCount(0);
  });
});

test.describe('devtools in production', () => {
  // Inside the repository, so that the built server resolves the workspace's packages.
  const cache = path.join(repoRoot, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(path.join(cache, 'core-demo-build-'));
  let server: DemoServer | undefined;
  test.afterAll(async () => {
    await server?.stop();
    rmSync(outDir, { recursive: true, force: true });
  });

  test('the production client bundle holds no devtools code, and core start refuses a devtools request', async () => {
    test.setTimeout(120_000);
    const build = spawnSync(process.execPath, [coreBin, 'build', '--root', demoRoot, '--out-dir', outDir], {
      encoding: 'utf8',
      timeout: 100_000,
    });
    expect(build.status, build.stderr).toBe(0);
    const clientDir = path.join(outDir, 'client');
    const files = readdirSync(clientDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      /\.(js|html|css)$/.test(f),
    );
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    for (const file of files) {
      const text = readFileSync(path.join(clientDir, file), 'utf8');
      for (const marker of DEVTOOLS_MARKERS) expect(text.includes(marker), `${marker} in ${file}`).toBe(false);
    }

    server = await DemoServer.start({}, 'start', ['--out-dir', outDir]);
    const socket = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('core:hydrate', () => resolve());
        socket.once('connect_error', reject);
      });
      const data: unknown[] = [];
      socket.on('core:devtools-data', (message: unknown) => data.push(message));
      const answer: DevtoolsAnswer = await socket.timeout(5_000).emitWithAck('core:devtools', { op: 'subscribe' });
      expect(answer).toMatchObject({ ok: false, error: { code: 'DEVTOOLS_UNAVAILABLE' } });
      expect(data).toEqual([]);
    } finally {
      socket.disconnect();
    }
  });
});
