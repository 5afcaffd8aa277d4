// Measure 7: the dev server. Cold start (process spawned → page shows hydrated state in Chromium)
// against plain Vite serving the same page without core; then a state-module edit (a computed
// var's text) to the updated page, against a component edit (Vite's Fast Refresh) in the same dev
// server, checking that the counter keeps its value. Runs on temporary copies of bench/fixtures.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withChildren } from '../lib/children.mjs';
import { delay, median } from '../lib/stats.mjs';

const SELF = import.meta.url;
const benchDir = fileURLToPath(new URL('..', import.meta.url));
const EDITS = 3;
const EDIT_TIMEOUT = 3_000;

export default {
  id: 7,
  name: 'Dev server: state-module edit → updated page (state kept)',
  unit: 'ms',
  goal: '< 300 ms, state kept',
  async run() {
    const work = path.join(benchDir, '.work', `dev-${process.pid}-${Date.now()}`);
    mkdirSync(work, { recursive: true });
    const coreRoot = path.join(work, 'dev-app');
    const plainRoot = path.join(work, 'plain-app');
    cpSync(path.join(benchDir, 'fixtures', 'dev-app'), coreRoot, { recursive: true });
    cpSync(path.join(benchDir, 'fixtures', 'plain-app'), plainRoot, { recursive: true });
    try {
      return await withChildren(async (spawn) => {
        const browser = await spawn('m7-browser');
        await browser.call(SELF, 'launchBrowser');

        // Cold starts: from spawning the server process to the page showing its state.
        let started = Date.now();
        const vite = await spawn('m7-plain-vite', { quiet: true });
        const { url: plainUrl } = await vite.call(SELF, 'startPlainVite', { root: plainRoot }, 120_000);
        const plainColdMs = await browser.call(SELF, 'openPage', { url: plainUrl, since: started }, 120_000);
        await vite.stop();

        started = Date.now();
        const dev = await spawn('m7-dev-server', { profile: true, quiet: true });
        const { url } = await dev.call(SELF, 'startDev', { root: coreRoot }, 120_000);
        const coldMs = await browser.call(SELF, 'openPage', { url, since: started }, 120_000);

        let count = 0;
        for (; count < 3; count++) await browser.call(SELF, 'click', { expectCount: count + 1 });

        const component = [];
        const stateEdit = [];
        const reloadMs = [];
        const banner = path.join(coreRoot, 'src', 'Banner.tsx');
        const stateModule = path.join(coreRoot, 'src', 'state', 'counterState.ts');
        let version = 1;
        for (let i = 0; i < EDITS; i++) {
          component.push(
            await browser.call(SELF, 'editAndWait', {
              file: banner,
              from: `component v${i + 1}`,
              to: `component v${i + 2}`,
              testId: 'client-label',
              text: `component v${i + 2}`,
              timeoutMs: EDIT_TIMEOUT,
            }),
          );
          // No page action: the edit has to reach the page by itself.
          const before = Date.now();
          const ms = await browser.call(SELF, 'editAndWait', {
            file: stateModule,
            from: `server v${version}`,
            to: `server v${version + 1}`,
            testId: 'server-label',
            text: `server v${version + 1} ${count}`,
            timeoutMs: EDIT_TIMEOUT,
          });
          version += 1;
          stateEdit.push(ms);
          const reloadedAt = await dev.call(SELF, 'lastReloadAt');
          if (reloadedAt >= before) reloadMs.push(reloadedAt - before);
          if (ms === null) {
            // The edit did reach the server: the next event shows it, with the count kept.
            await browser.call(SELF, 'click', {
              expectCount: count + 1,
              expectLabel: `server v${version} ${count + 1}`,
            });
            count += 1;
          }
        }
        const kept = (await browser.call(SELF, 'text', { testId: 'count' })) === String(count);
        await browser.call(SELF, 'closeBrowser');

        const updated = stateEdit.every((ms) => ms !== null);
        const value = updated ? median(stateEdit) : null;
        const baseline = median(component.filter((ms) => ms !== null));
        return {
          value,
          baseline,
          ratio: value === null ? null : value / baseline,
          met: value !== null && value < 300 && kept,
          baselineName: 'component edit (Vite Fast Refresh)',
          display: value === null ? `no update within ${EDIT_TIMEOUT} ms` : undefined,
          secondary: { name: 'cold start', value: coldMs, baseline: plainColdMs, ratio: coldMs / plainColdMs },
          details: {
            stateKept: kept,
            stateEditMs: stateEdit,
            componentEditMs: component,
            serverReloadMs: reloadMs,
            coldStartMs: coldMs,
            plainViteColdStartMs: plainColdMs,
            devServerWarnings: warningsOf(dev.output()).filter((line) => /warn|error/i.test(line)),
          },
        };
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

/** The distinct lines a dev server printed (timestamps and colours removed). */
function warningsOf(output) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
  const lines = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  return [...new Set(lines.map((line) => line.replace(/^\S+ \S+ (AM|PM) /, '').trim()).filter(Boolean))];
}

// --- server processes -------------------------------------------------------------------------

let devServer;
let reloadedAt = 0;

/** Dev server process: `startDevServer` on the copy; records when state modules reload. */
export async function startDev({ root }) {
  const { startDevServer } = await import('@core/cli');
  devServer = await startDevServer({
    root,
    port: 0,
    host: '127.0.0.1',
    onReload: () => {
      reloadedAt = Date.now();
    },
  });
  return { url: devServer.url };
}

/** Dev server process: when the last state-module reload finished (epoch ms). */
export function lastReloadAt() {
  return reloadedAt;
}

/** Plain Vite process: the same kind of page without core (the cold-start baseline). */
export async function startPlainVite({ root }) {
  const { createServer } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  const server = await createServer({
    root,
    configFile: false,
    plugins: [react()],
    clearScreen: false,
    logLevel: 'silent',
    server: { port: 0, host: '127.0.0.1', strictPort: false },
  });
  await server.listen();
  const address = server.httpServer.address();
  return { url: `http://127.0.0.1:${address.port}` };
}

// --- browser process --------------------------------------------------------------------------

let browser;
let page;

/** Browser process: launches Debian's Chromium (not timed). */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  const { chromiumArgs, chromiumPath } = await import('@core/test-support');
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: [...chromiumArgs] });
}

/** Browser process: opens `url` in a new page; ms from `since` (epoch) until the count shows. */
export async function openPage({ url, since }) {
  page = await browser.newPage();
  await page.goto(url);
  await page.getByTestId('count').waitFor({ timeout: 60_000 });
  return Date.now() - since;
}

/** Browser process: clicks the counter and waits for the expected count (and label). */
export async function click({ expectCount, expectLabel }) {
  await page.getByTestId('inc').click();
  await waitForText('count', String(expectCount), 10_000);
  if (expectLabel !== undefined) await waitForText('server-label', expectLabel, 10_000);
}

/** Browser process: the text of a test id. */
export function text({ testId }) {
  return page.getByTestId(testId).textContent();
}

/**
 * Browser process: replaces `from` with `to` in `file` and returns the ms until the element shows
 * `text`, or null when it does not within `timeoutMs`.
 */
export async function editAndWait({ file, from, to, testId, text: expected, timeoutMs }) {
  const source = readFileSync(file, 'utf8');
  if (!source.includes(from)) throw new Error(`${file} does not contain "${from}"`);
  const started = performance.now();
  writeFileSync(file, source.replace(from, to));
  const shown = await waitForText(testId, expected, timeoutMs).then(
    () => true,
    () => false,
  );
  const ms = performance.now() - started;
  await delay(50); // let Vite settle before the next edit
  return shown ? ms : null;
}

/** Resolves as soon as the element shows `expected` (a MutationObserver in the page). */
function waitForText(testId, expected, timeout) {
  return page.evaluate(
    ([id, want, ms]) =>
      new Promise((resolve, reject) => {
        const matches = () => document.querySelector(`[data-testid="${id}"]`)?.textContent === want;
        if (matches()) return resolve(true);
        const observer = new MutationObserver(() => {
          if (!matches()) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve(true);
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`[data-testid="${id}"] did not show "${want}" within ${ms} ms`));
        }, ms);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      }),
    [testId, expected, timeout],
  );
}

/** Browser process: closes Chromium. */
export async function closeBrowser() {
  await browser?.close();
}
