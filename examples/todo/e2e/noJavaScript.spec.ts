import { expect, test } from '@playwright/test';
import { serveTodos } from './support/todoServer';

/**
 * Without JavaScript the add form still works: the browser posts it, the server runs the same
 * handler for the tab and renders the page again with the outcome.
 */
const url = serveTodos();

test('without JavaScript adding posts the form and the page that comes back shows the item, or the refusal', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto(url());
    await expect(page.getByTestId('todo-empty')).toBeVisible();
    const post = () => page.waitForResponse((response) => response.request().method() === 'POST');

    await page.getByTestId('todo-input').fill('Posted by a form');
    const added = post();
    await page.getByTestId('todo-add').click();
    expect((await added).status()).toBe(200);
    await expect(page.getByTestId('todo-text')).toHaveText(['Posted by a form']);
    await expect(page.getByTestId('todo-input')).toHaveValue('');

    await page.getByTestId('todo-input').fill(' ');
    const refused = post();
    await page.getByTestId('todo-add').click();
    expect((await refused).status()).toBe(422);
    await expect(page.getByTestId('todo-error')).toHaveText('Write something to do.');
    await expect(page.getByTestId('todo-text')).toHaveText(['Posted by a form']);

    await page.goto(url()); // a GET: the session's list
    await expect(page.getByTestId('todo-text')).toHaveText(['Posted by a form']);
  } finally {
    await context.close();
  }
});
