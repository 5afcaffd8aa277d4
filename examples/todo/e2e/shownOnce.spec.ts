import { expect, test } from '@playwright/test';
import { addTodo, expectSaved, openTodos } from './support/todoPage';
import { serveTodos } from './support/todoServer';

/**
 * The list is the browser session's (a shared document): its update reaches every tab without the
 * event's id, and the page used to drop its optimistic item only at the ack that came after it, so
 * each add showed the item twice for a moment (a probe counting items saw 1, 2, 1). A probe counts
 * the items at every change of the list's DOM, over several adds.
 */
const url = serveTodos();

test('an added to-do never shows twice, not even for a frame', async ({ page }) => {
  await openTodos(page, url());
  await page.evaluate(() => {
    const counts: number[] = [];
    const count = () => document.querySelectorAll('[data-testid="todo-item"]').length;
    new MutationObserver(() => {
      if (counts.at(-1) !== count()) counts.push(count());
    }).observe(document.body, { childList: true, subtree: true });
    (window as unknown as { itemCounts: number[] }).itemCounts = counts;
  });
  const texts = ['One', 'Two', 'Three', 'Four'];
  for (const [i, text] of texts.entries()) {
    await addTodo(page, text);
    await expectSaved(page, texts.slice(0, i + 1));
  }
  const counts = await page.evaluate(() => (window as unknown as { itemCounts: number[] }).itemCounts);
  expect(counts).toEqual([1, 2, 3, 4]);
});
