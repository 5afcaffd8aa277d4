// The docs' picture of the chat (docs/public/examples/chat.png): two people in one room, one
// typing. Run after `npm run build`: `node scripts/screenshot.mjs`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppServer, chromiumArgs, chromiumPath } from '@core/test-support';
import { chromium } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(root, '../../docs/public/examples/chat.png');

const server = await AppServer.start(root, { env: { CORE_STATE_FILE: '' } });
const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
try {
  /** A person of their own browser, signed in and in room `general`. */
  const person = async (name) => {
    const context = await browser.newContext({ viewport: { width: 900, height: 640 }, colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByTestId('chat-sign-in-name').fill(name);
    await page.getByTestId('chat-sign-in').click();
    await page.getByTestId('chat-user-name').waitFor();
    await page.waitForFunction(() => !document.querySelector('#root[aria-disabled="true"]'));
    await page.getByTestId('chat-room-link').first().click();
    await page.getByTestId('chat-message-input').waitFor();
    return page;
  };
  const say = async (page, text) => {
    await page.getByTestId('chat-message-input').fill(text);
    await page.getByTestId('chat-send').click();
    await page.getByTestId('chat-message-text').filter({ hasText: text }).waitFor();
  };
  const ada = await person('Ada');
  const grace = await person('Grace');
  await say(ada, 'Morning! Anyone up for lunch at noon?');
  await say(grace, 'Yes, the place with the dumplings?');
  await say(ada, 'That one. I will book a table for three.');
  await grace.getByTestId('chat-message-input').pressSequentially('Great, see');
  await ada.getByTestId('chat-typing').filter({ hasText: 'Grace is typing…' }).waitFor();
  await ada.screenshot({ path: out });
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await browser.close();
  await server.stop();
}
