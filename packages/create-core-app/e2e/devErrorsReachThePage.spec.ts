import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { freePort, removeTempDir, scaffoldLinkedProject } from '../src/__tests__/support/workspaceProject';
import { CoreProcess } from './support/coreProcess';

// Regression: in `core dev` a server module that threw while loading showed nothing in the page
// (the previous version kept running and the error was only in the terminal), and a page whose
// server-side code threw answered an empty 500. Now both reach Vite's error overlay in the page.
test.describe.configure({ mode: 'serial' });

let tempDir: string;
let project: string;
let dev: CoreProcess | undefined;
let url: string;

test.beforeAll(async () => {
  ({ tempDir, project } = scaffoldLinkedProject('counter', 'core-e2e-errors-'));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  dev = new CoreProcess(project, ['dev', '--port', String(port)], { NODE_ENV: undefined });
  await dev.waitForOutput('ready at');
});

test.afterAll(async () => {
  await dev?.stop();
  if (tempDir) removeTempDir(tempDir);
});

/**
 * Puts `throw new Error(message)` on its own line after the imports of `file`; returns the 1-based
 * line it is on and a function that restores the file.
 */
function breakModule(file: string, message: string): { line: number; restore: () => void } {
  const full = path.join(project, file);
  const original = readFileSync(full, 'utf8');
  const lines = original.split('\n');
  const afterImports = lines.findLastIndex((line) => line.startsWith('import ')) + 1;
  lines.splice(afterImports, 0, `if (Date.now() > 0) throw new Error(${JSON.stringify(message)});`);
  writeFileSync(full, lines.join('\n'));
  return { line: afterImports + 1, restore: () => writeFileSync(full, original) };
}

/** Vite's overlay as `core dev` shows a standing server error in it (a name of its own). */
const overlay = (page: Page) => page.locator('core-server-error-overlay');
/** Vite's own overlay, which a page whose server code failed opens as it loads. */
const viteOverlay = (page: Page) => page.locator('vite-error-overlay');

for (const file of ['src/state/taskState.ts', 'src/server.ts']) {
  test(`${file} throwing while it reloads shows in the open page's overlay with its file and mapped stack, and in a page opened meanwhile; fixed, the overlay goes without a reload`, async ({
    page,
    context,
  }) => {
    await page.goto(url);
    await expect(page.getByTestId('counter')).toHaveText('0');
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const marker = `${path.basename(file)} is broken ${Date.now().toString(36)}`;
    const broken = breakModule(file, marker);
    try {
      await dev?.waitForOutput(`Reloading ${file} failed`);
      await expect(overlay(page).locator('.message-body')).toHaveText(marker);
      await expect(overlay(page).locator('.plugin')).toContainText('core:server');
      // Where it was thrown, in the source (not the transformed code): the line breakModule wrote.
      await expect(overlay(page).locator('.file')).toHaveText(
        new RegExp(`${path.join(project, file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${broken.line}:\\d+$`),
      );
      await expect(overlay(page).locator('.stack')).toContainText(`${file}:${broken.line}:`);

      const later = await context.newPage();
      await later.goto(url);
      await expect(overlay(later).locator('.message-body')).toHaveText(marker);
      // The previous version keeps running: the page works under the overlay.
      await expect(later.getByTestId('counter')).toHaveText('0');

      broken.restore();
      await dev?.waitForOutput(`reloaded ${path.join(project, file)}`);
      await expect(overlay(page)).toHaveCount(0);
      await expect(overlay(later)).toHaveCount(0);
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
      await later.close();
    } finally {
      broken.restore();
    }
  });
}

test('a page whose module throws on the server gets its document with status 500 and the error in the overlay; fixed, it reloads and renders', async ({
  page,
}) => {
  const marker = `about page is broken ${Date.now().toString(36)}`;
  const broken = breakModule('src/pages/about.tsx', marker);
  // What Vite's socket brings the page: after the fix, the error document is told to reload once the
  // server's copy of the module is fresh (Vite's own first-update reload can beat the server's).
  const frames: string[] = [];
  page.on('websocket', (socket) => socket.on('framereceived', (frame) => frames.push(String(frame.payload))));
  try {
    const response = await page.goto(`${url}/about`);
    expect(response?.status()).toBe(500);
    await expect(viteOverlay(page).locator('.message-body')).toHaveText(marker);
    await expect(viteOverlay(page).locator('.file')).toHaveText(
      new RegExp(`src/pages/about\\.tsx:${broken.line}:\\d+$`),
    );
    await expect(viteOverlay(page).locator('.stack')).toContainText(`src/pages/about.tsx:${broken.line}:`);
    expect(dev?.output).toContain('Loading the page /about on the server failed');
    // Fixed on disk, the page's module updates: Vite's client reloads the page, which now renders.
    broken.restore();
    await expect(page.getByTestId('about-title')).toHaveText('About');
    await expect(viteOverlay(page)).toHaveCount(0);
    expect(frames.some((frame) => frame.includes('core:page-error-fixed'))).toBe(true);
  } finally {
    broken.restore();
  }
});

test('a handler that throws still reports its message in the page (the core-error banner), not the overlay', async ({
  page,
}) => {
  const file = path.join(project, 'src/state/taskState.ts');
  const original = readFileSync(file, 'utf8');
  const marker = `clearCounter failed ${Date.now().toString(36)}`;
  try {
    writeFileSync(
      file,
      original.replace('clearCounter(s) {', `clearCounter(s) {\n      throw new Error('${marker}');`),
    );
    await dev?.waitForOutput(`reloaded ${file}`, { count: 2 });
    await page.goto(url);
    await page.getByTestId('clear-counter').click();
    await expect(page.getByTestId('core-error')).toContainText(marker);
    await expect(overlay(page)).toHaveCount(0);
    await expect(viteOverlay(page)).toHaveCount(0);
  } finally {
    writeFileSync(file, original);
  }
});
