import { expect, type Page, test } from '@playwright/test';
import { DemoServer } from './support/demoServer';

/**
 * The interaction layer on `/forms` (issue 24): a sign-up form with field errors and pending state,
 * a debounced search box bound to a var whose echo comes late, optimistic to-do adds, a throttled
 * button.
 */
let server: DemoServer;
test.beforeAll(async () => {
  server = await DemoServer.start();
});
test.afterAll(async () => {
  await server?.stop();
});

async function open(page: Page) {
  await page.goto(`${server.url}/forms`);
  await expect(page.locator('#root')).not.toHaveAttribute('aria-disabled', 'true');
}

/** Records a value on every animation frame from now on (read it back with `frames`). */
async function recordFrames(page: Page, name: string, read: string) {
  await page.evaluate(
    ({ name, read }) => {
      const frames: unknown[] = [];
      (window as unknown as Record<string, unknown[]>)[name] = frames;
      const sample = new Function(`return (${read})`) as () => unknown;
      const tick = () => {
        frames.push(sample());
        requestAnimationFrame(tick);
      };
      tick();
    },
    { name, read },
  );
  return () => page.evaluate((n) => (window as unknown as Record<string, unknown[]>)[n] ?? [], name);
}

test('the sign-up form shows schema and handler errors beside their fields, pending while it runs, and resets on success', async ({
  page,
}) => {
  await open(page);
  const name = page.getByTestId('signup-name');
  const email = page.getByTestId('signup-email');
  await name.fill('taken');
  await email.fill('not an email');
  await page.getByTestId('signup-submit').click();
  await expect(page.getByTestId('signup-error-email')).toContainText('valid email');
  await expect(page.getByTestId('signup-error-name')).toHaveText('');
  await expect(name).toHaveValue('taken'); // typed values stay on error

  await email.fill('ada@example.com');
  await page.getByTestId('signup-submit').click();
  await expect(page.getByTestId('signup-pending')).toBeVisible();
  await expect(page.getByTestId('signup-submit')).toBeDisabled();
  await expect(page.getByTestId('signup-error-name')).toContainText('taken');
  await expect(page.getByTestId('signup-pending')).toBeHidden();
  await expect(page.getByTestId('signup-error-email')).toHaveText('');
  await expect(email).toHaveValue('ada@example.com');
  await expect(page.getByTestId('core-error')).toHaveCount(0); // the form shows it, not the error banner

  await name.fill('Ada');
  await page.getByTestId('signup-submit').click();
  await expect(page.getByTestId('signup-pending')).toBeVisible();
  await expect(page.getByTestId('signup-result')).toHaveText('Welcome, Ada');
  await expect(page.getByTestId('signup-pending')).toBeHidden();
  await expect(page.getByTestId('signup-error-name')).toHaveText('');
  await expect(name).toHaveValue('');
  await expect(email).toHaveValue('');
});

test('typing while the server echoes each pause late never loses or reorders a character', async ({ page }) => {
  await open(page);
  const input = page.getByTestId('search-input');
  const text = 'the quick brown fox';
  await input.click();
  const frames = await recordFrames(
    page,
    'searchFrames',
    `document.querySelector('[data-testid="search-input"]').value`,
  );
  // Slower than the debounce (150 ms): sends go out while typing goes on, and each echo comes back
  // 100 ms later, in the middle of the next keystrokes.
  await input.pressSequentially(text, { delay: 190 });
  await expect(page.getByTestId('search-echo')).toHaveText(text);
  await expect(input).toHaveValue(text);
  const seen = (await frames()) as string[];
  let longest = '';
  for (const value of seen) {
    expect(text.startsWith(value), `"${value}" is not what was typed`).toBe(true);
    expect(value.length, `"${value}" came after "${longest}"`).toBeGreaterThanOrEqual(longest.length);
    longest = value;
  }
  expect(Number(await page.getByTestId('search-events').textContent())).toBeGreaterThan(1);
});

test('typing faster than the debounce merges the keystrokes into few events', async ({ page }) => {
  await open(page);
  const before = Number(await page.getByTestId('search-events').textContent());
  const word = 'debounced';
  await page.getByTestId('search-input').pressSequentially(word, { delay: 30 });
  await expect(page.getByTestId('search-echo')).toHaveText(word);
  // One event when the keystrokes come 30 ms apart; a loaded machine may stretch one gap past the
  // 150 ms wait, so the bound is loose — without the debounce there would be one per keystroke.
  const sent = Number(await page.getByTestId('search-events').textContent()) - before;
  expect(sent).toBeGreaterThanOrEqual(1);
  expect(sent).toBeLessThanOrEqual(3);
});

test('an optimistic add shows before the server answers and exactly once after; a refused one rolls back', async ({
  page,
}) => {
  await open(page);
  const items = page.getByTestId('todo-item');
  const frames = await recordFrames(
    page,
    'todoFrames',
    `document.querySelectorAll('[data-testid="todo-item"]').length`,
  );
  await page.getByTestId('todo-input').fill('milk');
  await page.getByTestId('todo-add').click();
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveText('milk');
  await expect(items.first()).toHaveClass(/muted/); // the page's copy: the server takes ≥ 600 ms
  await expect(items.first()).not.toHaveClass(/muted/); // the server's copy replaced it
  await expect(items).toHaveCount(1);
  expect(Math.max(...((await frames()) as number[]))).toBe(1);

  await page.getByTestId('todo-input').fill('fail');
  await page.getByTestId('todo-add').click();
  await expect(items).toHaveCount(2);
  await expect(page.getByTestId('todo-error')).toContainText('fail');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveText('milk');
});

test('a throttled button sends the first click at once and drops the others of the wait (Reflex), then takes the next after it', async ({
  page,
}) => {
  await open(page);
  // Six clicks within one task: far inside the 500 ms wait.
  await page.getByTestId('throttle-button').evaluate((button: HTMLButtonElement) => {
    for (let i = 0; i < 6; i++) button.click();
  });
  await expect(page.getByTestId('throttle-count')).toHaveText('1');
  // Proving that no second send comes needs the wait to pass; nothing to poll for.
  await page.waitForTimeout(700);
  await expect(page.getByTestId('throttle-count')).toHaveText('1');
  // The wait is over: the next click goes at once.
  await page.getByTestId('throttle-button').click();
  await expect(page.getByTestId('throttle-count')).toHaveText('2');
});

test('without JavaScript the sign-up form posts, and the page comes back with the errors and typed values, then the result', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/forms`);
    await page.getByTestId('signup-name').fill('taken');
    await page.getByTestId('signup-email').fill('not an email');
    const refused = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByTestId('signup-submit').click();
    expect((await refused).status()).toBe(422);
    await expect(page.getByTestId('signup-error-email')).toContainText('valid email');
    await expect(page.getByTestId('signup-name')).toHaveValue('taken');
    await expect(page.getByTestId('signup-email')).toHaveValue('not an email');

    await page.getByTestId('signup-email').fill('ada@example.com');
    await page.getByTestId('signup-submit').click();
    await expect(page.getByTestId('signup-error-name')).toContainText('taken');
    await expect(page.getByTestId('signup-error-email')).toHaveText('');
    await expect(page.getByTestId('signup-email')).toHaveValue('ada@example.com');

    await page.getByTestId('signup-name').fill('Ada');
    const accepted = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByTestId('signup-submit').click();
    expect((await accepted).status()).toBe(200);
    await expect(page.getByTestId('signup-result')).toHaveText('Welcome, Ada');
    await expect(page.getByTestId('signup-error-name')).toHaveText('');
    await expect(page.getByTestId('signup-name')).toHaveValue('');
    await expect(page.getByTestId('signup-pending')).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test('a form submitted before the page script has loaded is posted, and the page that comes back goes live with its outcome', async ({
  page,
}) => {
  // Hold the page's script back on the first load only.
  let held = true;
  await page.route('**/assets/**/*.js', (route) => (held ? route.abort() : route.continue()));
  await page.goto(`${server.url}/forms`);
  await page.getByTestId('signup-name').fill('taken');
  await page.getByTestId('signup-email').fill('grace@example.com');
  held = false;
  await page.getByTestId('signup-submit').click();
  await expect(page.getByTestId('signup-error-name')).toContainText('taken');
  await expect(page.locator('#root')).not.toHaveAttribute('aria-disabled', 'true'); // live now
  await expect(page.getByTestId('signup-name')).toHaveValue('taken');
  // The same tab goes on over the socket: the next submit does not load a document.
  await page.evaluate(() => {
    (window as unknown as { sameDocument: boolean }).sameDocument = true;
  });
  await page.getByTestId('signup-name').fill('Grace');
  await page.getByTestId('signup-submit').click();
  await expect(page.getByTestId('signup-result')).toHaveText('Welcome, Grace');
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
});

test('a form post from another site, or without a valid page token, runs nothing', async () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/forms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
      body,
    });
  const html = await (await fetch(`${server.url}/forms`, { headers: { accept: 'text/html' } })).text();
  const token = /name="core:token" value="([^"]+)"/.exec(html)?.[1] ?? '';
  expect(token).not.toBe('');
  const fields = (name: string, tokenValue = token) =>
    new URLSearchParams({
      'core:event': 'signup.signUp',
      'core:token': tokenValue,
      name,
      email: 'e@example.com',
    }).toString();
  expect((await post(fields('Mallory'), { origin: 'https://evil.example' })).status).toBe(403);
  expect((await post(fields('Mallory', `${token}x`))).status).toBe(400);
  const ok = await post(fields('Eve'));
  expect(ok.status).toBe(200);
  expect(await ok.text()).toContain('Welcome, Eve');
});
