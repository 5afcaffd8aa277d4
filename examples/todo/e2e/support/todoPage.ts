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
 * Waits until the list shows `texts`, every one of them the server's: none is still only the page's
 * optimistic copy (so a reload or a click by name that follows finds them on the server, once).
 */
export async function expectSaved(page: Page, texts: string[]): Promise<void> {
  await expect(page.locator('[data-testid="todo-item"]:not([data-pending]) [data-testid="todo-text"]')).toHaveText(
    texts,
  );
  await expect(page.locator('[data-testid="todo-item"][data-pending]')).toHaveCount(0);
}
