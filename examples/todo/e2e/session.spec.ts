import { expect, test } from '@playwright/test';
import { addTodo, expectSaved, openTodos } from './support/todoPage';
import { serveTodos } from './support/todoServer';

/** The list belongs to the browser session: its tabs share it, a reload keeps it, another browser has its own. */
const url = serveTodos();

test("a reload keeps the list, a second tab of the browser shows it live, another browser's list is empty", async ({
  browser,
}) => {
  const mine = await browser.newContext();
  const theirs = await browser.newContext();
  try {
    const tab = await mine.newPage();
    await openTodos(tab, url());
    await addTodo(tab, 'Buy milk');
    await expectSaved(tab, ['Buy milk']);

    await tab.reload();
    await expect(tab.getByTestId('todo-text')).toHaveText(['Buy milk']);

    const secondTab = await mine.newPage();
    await openTodos(secondTab, url());
    await expect(secondTab.getByTestId('todo-text')).toHaveText(['Buy milk']);
    await openTodos(tab, url());
    await addTodo(tab, 'Bake bread');
    await expect(secondTab.getByTestId('todo-text')).toHaveText(['Buy milk', 'Bake bread']); // no reload

    const other = await theirs.newPage();
    await openTodos(other, url());
    await expect(other.getByTestId('todo-empty')).toBeVisible();
    await addTodo(other, 'Their own');
    await expect(other.getByTestId('todo-text')).toHaveText(['Their own']);
    await tab.reload();
    await expect(tab.getByTestId('todo-text')).toHaveText(['Buy milk', 'Bake bread']);
  } finally {
    await mine.close();
    await theirs.close();
  }
});
