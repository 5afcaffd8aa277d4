// Takes the docs' picture of the example, docs/public/examples/todo.png: a list with one item done
// and a refused add beside its field. Build first, then run from the repository's root:
//   npm run build -w examples/todo && node examples/todo/scripts/screenshot.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppServer, chromiumArgs, chromiumPath } from '@core/test-support';
import { chromium } from '@playwright/test';

const exampleRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.resolve(exampleRoot, '../../docs/public/examples/todo.png');

const server = await AppServer.start(exampleRoot);
const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
try {
  const page = await browser.newPage({ viewport: { width: 640, height: 510 } });
  await page.goto(server.url);
  await page.locator('#root:not([aria-disabled="true"])').waitFor();
  for (const text of ['Buy milk', 'Write the README', 'Water the plants']) {
    await page.getByTestId('todo-input').fill(text);
    await page.getByTestId('todo-add').click();
    await page.getByTestId('todo-text').filter({ hasText: text }).waitFor();
    await page.locator('[data-testid="todo-item"][data-pending]').waitFor({ state: 'detached' });
  }
  await page.getByTestId('todo-toggle').first().click();
  await page.locator('.todo.done').waitFor();
  await page.getByTestId('todo-input').fill(' ');
  await page.getByTestId('todo-add').click();
  await page.getByTestId('todo-error').filter({ hasText: 'Write something' }).waitFor();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: target });
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
} finally {
  await browser.close();
  await server.stop();
}
