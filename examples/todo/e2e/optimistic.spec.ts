import { expect, test } from '@playwright/test';
import { holdEvents } from './support/holdEvents';
import { addTodo, expectSaved, openTodos } from './support/todoPage';
import { serveTodos } from './support/todoServer';

/**
 * Optimistic updates: each test holds the page's event back on its way to the server, so what the
 * page shows meanwhile is its own copy; released, the server's answer replaces it.
 */
const url = serveTodos();

test('an added to-do shows at once, marked pending, before the server has the event', async ({ page }) => {
  const adds = await holdEvents(page, 'add');
  await openTodos(page, url());
  await addTodo(page, 'Buy milk');
  const item = page.getByTestId('todo-item');
  await expect(item.getByTestId('todo-text')).toHaveText('Buy milk');
  await expect(item).toHaveAttribute('data-pending', 'true');
  await expect(page.getByTestId('todo-form')).toHaveAttribute('aria-busy', 'true');
  await expect.poll(() => adds.held()).toBe(1); // held: the server has not seen it
  await page.getByTestId('todo-input').fill('Bake bread'); // the next one, typed meanwhile

  adds.release();
  await expectSaved(page, ['Buy milk']);
  await expect(item).toHaveCount(1);
  await expect(page.getByTestId('todo-input')).toHaveValue('Bake bread'); // not wiped by the success
  await page.reload();
  await expect(page.getByTestId('todo-text')).toHaveText(['Buy milk']);
});

test('a text the rule refuses is not shown even while its event is held', async ({ page }) => {
  const adds = await holdEvents(page, 'add');
  await openTodos(page, url());
  await addTodo(page, 'x'.repeat(81));
  await expect.poll(() => adds.held()).toBe(1);
  await expect(page.getByTestId('todo-item')).toHaveCount(0);
  adds.release();
  await expect(page.getByTestId('todo-error')).toContainText('Keep it to 80 characters');
  await expect(page.getByTestId('todo-item')).toHaveCount(0);
});

test('a toggle and a delete show at once, before the server has them', async ({ page }) => {
  const events = await holdEvents(page, 'toggle', 'remove');
  await openTodos(page, url());
  await addTodo(page, 'Walk the dog');
  await addTodo(page, 'Water the plants');
  await expectSaved(page, ['Walk the dog', 'Water the plants']);

  await page.getByTestId('todo-toggle').first().click();
  await expect(page.getByTestId('todo-item').first()).toHaveClass(/done/);
  await page.getByRole('button', { name: 'Delete "Water the plants"' }).click();
  await expect(page.getByTestId('todo-text')).toHaveText(['Walk the dog']);
  await expect.poll(() => events.held()).toBe(2); // held: the server has seen neither

  events.release();
  await page.reload();
  await expect(page.getByTestId('todo-text')).toHaveText(['Walk the dog']);
  await expect(page.getByTestId('todo-toggle')).toBeChecked();
});
