import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { freePort, removeTempDir, scaffoldLinkedProject } from '../src/__tests__/support/workspaceProject';
import { CoreProcess } from './support/coreProcess';

// The whole flow a new user goes through, on one scaffolded project reused by every step:
// create-core-app (the real binary), `core dev` with edits on disk, `core build`, `core start`.
test.describe.configure({ mode: 'serial' });

/** A string that exists only inside a handler body: it must reach the server bundle, never the page. */
const SERVER_ONLY_MARKER = `server-only-${Date.now().toString(36)}`;

let tempDir: string;
let project: string;
const running = new Set<CoreProcess>();

test.beforeAll(() => {
  // "Install" without a registry: the workspace's node_modules are linked in.
  ({ tempDir, project } = scaffoldLinkedProject('counter', 'core-e2e-'));
});

test.afterAll(async () => {
  await Promise.all([...running].map((p) => p.stop()));
  if (tempDir) removeTempDir(tempDir);
});

async function startCore(args: string[], env: Record<string, string | undefined>): Promise<CoreProcess> {
  const child = new CoreProcess(project, args, env);
  running.add(child);
  await child.waitForOutput('ready at');
  return child;
}

async function stopCore(child: CoreProcess): Promise<void> {
  await child.stop();
  running.delete(child);
}

/** Edits a project file in one write, as an editor saves; fails when a `from` is missing (the template changed). */
function edit(file: string, replacements: [from: string, to: string][]): void {
  const full = path.join(project, file);
  let text = readFileSync(full, 'utf8');
  for (const [from, to] of replacements) {
    expect(text, `${file} should contain ${from}`).toContain(from);
    text = text.replace(from, to);
  }
  writeFileSync(full, text);
}

/** The number of background tasks the server runs (its health endpoint says). */
async function runningTasks(url: string): Promise<number> {
  const response = await fetch(`${url}/healthz`);
  return ((await response.json()) as { tasks: number }).tasks;
}

async function counterValue(page: Page): Promise<number> {
  return Number(await page.getByTestId('counter').textContent());
}

test('core dev: the page runs; edited state and component modules apply without a reload and the counter keeps its value', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dev = await startCore(['dev', '--port', String(port)], { NODE_ENV: undefined });
  await page.goto(url);
  await expect(page.getByTestId('counter')).toHaveText('0');
  await expect(page.getByTestId('title')).toHaveText('Background counter');

  // The background task moves the counter; stop it (and let it end) so the value is fixed.
  await page.getByTestId('max-counter').fill('1000');
  await page.getByTestId('toggle-running').click();
  await expect(page.getByTestId('running')).toHaveText('running');
  await expect.poll(() => counterValue(page)).toBeGreaterThanOrEqual(2);
  await page.getByTestId('toggle-running').click();
  await expect(page.getByTestId('running')).toHaveText('stopped');
  await expect.poll(() => runningTasks(url)).toBe(0);
  const kept = await counterValue(page);
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });

  // The state module: a new var, a handler that now adds `step`, and the server-only marker.
  edit('src/state/taskState.ts', [
    ['running: false }', 'running: false, step: 100 }'],
    ['s.counter += 1;', 's.counter += s.step;'],
    ['clearCounter(s) {', `clearCounter(s) {\n      if (s.counter < 0) throw new Error('${SERVER_ONLY_MARKER}');`],
  ]);
  await dev.waitForOutput('reloaded');
  // Components: a new heading, and the new var on the page (sent by the server, no reload).
  edit('src/App.tsx', [['>Background counter</h1>', '>Hot counter</h1>']]);
  edit('src/components/BackgroundCounter.tsx', [
    ['{ counter, running,', '{ step, counter, running,'],
    ['{remaining} to go', '{remaining} to go, step <span data-testid="step">{step}</span>'],
  ]);
  await expect(page.getByTestId('title')).toHaveText('Hot counter');
  await expect(page.getByTestId('step')).toHaveText('100');
  await expect(page.getByTestId('counter')).toHaveText(String(kept));

  // The reloaded handler runs: one step of the task now adds 100 to the kept value.
  await page.getByTestId('max-counter').fill(String(kept + 100));
  await page.getByTestId('toggle-running').click();
  await expect(page.getByTestId('counter')).toHaveText(String(kept + 100));
  await expect(page.getByTestId('running')).toHaveText('stopped');
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // A page (which also exports `head`) is a component too: edited, it refreshes in place.
  await page.getByTestId('nav-about').click();
  await expect(page.getByTestId('about-counter')).toHaveText(String(kept + 100));
  edit('src/pages/about.tsx', [['>About</h1>', '>About us</h1>']]);
  await expect(page.getByTestId('about-title')).toHaveText('About us');
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await stopCore(dev);
});

test('core build, then core start: the page works and the client bundle holds no server code', async ({ page }) => {
  test.setTimeout(120_000);
  const build = new CoreProcess(project, ['build']);
  running.add(build);
  expect(await build.exited, build.output).toBe(0);
  running.delete(build);

  const clientFiles = listFiles(path.join(project, 'dist/client'));
  expect(clientFiles.some((file) => file.endsWith('.js'))).toBe(true);
  for (const file of clientFiles) expect(readFileSync(file, 'utf8'), file).not.toContain(SERVER_ONLY_MARKER);
  // The server bundle has it (app.js and routes.js share the state modules through a chunk).
  const serverCode = listFiles(path.join(project, 'dist/server')).map((file) => readFileSync(file, 'utf8'));
  expect(serverCode.some((code) => code.includes(SERVER_ONLY_MARKER))).toBe(true);

  const port = await freePort();
  const server = await startCore(['start', '--port', String(port), '--host', '127.0.0.1'], {
    NODE_ENV: 'production',
    CORE_SECRET: 'e2e-secret-0123456789abcdef',
  });
  await page.goto(`http://127.0.0.1:${port}/`);
  await expect(page.getByTestId('title')).toHaveText('Hot counter');
  await expect(page.getByTestId('counter')).toHaveText('0');
  await page.getByTestId('max-counter').fill('300');
  await page.getByTestId('toggle-running').click();
  await expect(page.getByTestId('counter')).toHaveText('300');
  await expect(page.getByTestId('running')).toHaveText('stopped');
  await page.getByTestId('clear-counter').click();
  await expect(page.getByTestId('counter')).toHaveText('0');

  // The second page: rendered on the server, reached by a link without a reload, same state.
  const about = await fetch(`http://127.0.0.1:${port}/about`, { headers: { accept: 'text/html' } });
  expect(await about.text()).toContain('<h1 data-testid="about-title">About us</h1>'); // as edited in dev
  await page.getByTestId('max-counter').fill('100'); // one step of the edited task
  await page.getByTestId('toggle-running').click();
  await expect(page.getByTestId('counter')).toHaveText('100');
  await page.getByTestId('nav-about').click();
  await expect(page).toHaveURL(`http://127.0.0.1:${port}/about`);
  await expect(page.getByTestId('about-counter')).toHaveText('100');
  await page.goBack();
  await expect(page.getByTestId('counter')).toHaveText('100');
  await stopCore(server);
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}
