import { expect, type Page } from '@playwright/test';

/** Opens the list and waits until the page is live (the server marks it inert until then). */
export async function openTodos(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('#root')).not.toHaveAttribute('aria-disabled', 'true');
}

/** Types `text` into the add form and submits it. */
export async function addTodo(page: Page, text: string): Promise<void> {
  await page.getByTestId('todo-input').fill(text);
  await page.getByTestId('todo-add').click();
}

/**
 * Waits until no item is the page's optimistic copy any more: the server has every add. (Waiting
 * on a count alone could pass while an add is still only the page's.)
 */
export async function allSaved(page: Page): Promise<void> {
  await expect(page.locator('[data-testid="todo-item"][data-pending]')).toHaveCount(0);
}
