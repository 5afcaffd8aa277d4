import { expect, test } from '@playwright/test';
import { addTodo, expectSaved, openTodos } from './support/todoPage';
import { serveTodos } from './support/todoServer';

/** The list's basics: add (and the refusals shown beside the field), toggle, delete. */
const url = serveTodos();

test('an added to-do shows in the list, and the form empties', async ({ page }) => {
  await openTodos(page, url());
  await expect(page.getByTestId('todo-empty')).toBeVisible();
  await addTodo(page, '  Buy milk  ');
  await expectSaved(page, ['Buy milk']); // trimmed
  await expect(page.getByTestId('todo-input')).toHaveValue('');
  await expect(page.getByTestId('todo-left')).toHaveText('1 item left');
});

test('an empty or too long text is refused beside the field, and nothing is added', async ({ page }) => {
  await openTodos(page, url());
  const input = page.getByTestId('todo-input');
  await addTodo(page, '   ');
  await expect(input).toHaveAccessibleDescription('Write something to do.');
  await expect(input).toHaveAttribute('aria-invalid', 'true');

  const long = 'x'.repeat(81);
  await addTodo(page, long);
  await expect(page.getByTestId('todo-error')).toHaveText('Keep it to 80 characters (this one has 81).');
  await expect(input).toHaveAccessibleDescription(/Keep it to 80 characters/);
  await expect(input).toHaveValue(long); // kept, to fix
  await expect(page.getByTestId('todo-item')).toHaveCount(0);
  await expect(page.getByTestId('todo-empty')).toBeVisible();

  await addTodo(page, 'x'.repeat(80));
  await expect(page.getByTestId('todo-item')).toHaveCount(1);
  await expect(page.getByTestId('todo-error')).toHaveText('');
  await expect(input).not.toHaveAttribute('aria-invalid');
});

test('a toggled to-do is done (and undone), on the server too', async ({ page }) => {
  await openTodos(page, url());
  await addTodo(page, 'Walk the dog');
  await addTodo(page, 'Water the plants');
  await expectSaved(page, ['Walk the dog', 'Water the plants']);
  const first = page.getByTestId('todo-item').first();
  await first.getByTestId('todo-toggle').click();
  await expect(first).toHaveClass(/done/);
  await expect(page.getByTestId('todo-left')).toHaveText('1 item left');

  await page.reload();
  await expect(page.getByTestId('todo-toggle').first()).toBeChecked();
  await expect(page.getByTestId('todo-toggle').last()).not.toBeChecked();
  await expect(page.locator('#root')).not.toHaveAttribute('aria-disabled', 'true');
  await page.getByTestId('todo-toggle').first().click();
  await expect(page.getByTestId('todo-toggle').first()).not.toBeChecked();
  await expect(page.getByTestId('todo-left')).toHaveText('2 items left');
  await page.reload();
  await expect(page.getByTestId('todo-toggle').first()).not.toBeChecked();
});

test('a deleted to-do is gone, on the server too', async ({ page }) => {
  await openTodos(page, url());
  await addTodo(page, 'Keep');
  await addTodo(page, 'Drop');
  await expectSaved(page, ['Keep', 'Drop']);
  await page.getByRole('button', { name: 'Delete "Drop"' }).click();
  await expect(page.getByTestId('todo-text')).toHaveText(['Keep']);
  await page.reload();
  await expect(page.getByTestId('todo-text')).toHaveText(['Keep']);
});

test('a full list (100 items) refuses the next add beside the field', async ({ page }) => {
  await openTodos(page, url());
  // Fill it quickly: the form's own post, as a browser without JavaScript sends it, with this session's cookie.
  const form = page.getByTestId('todo-form');
  const fields = {
    'core:event': (await form.locator('input[name="core:event"]').getAttribute('value')) ?? '',
    'core:token': (await form.locator('input[name="core:token"]').getAttribute('value')) ?? '',
  };
  for (let i = 1; i <= 100; i++) {
    const response = await page.request.post(url(), { form: { ...fields, text: `item ${i}` } });
    expect(response.status()).toBe(200);
  }
  await expect(page.getByTestId('todo-item')).toHaveCount(100);
  await addTodo(page, 'one more');
  await expect(page.getByTestId('todo-error')).toHaveText('The list is full (100); delete some.');
  await expect(page.getByTestId('todo-item')).toHaveCount(100);
});
