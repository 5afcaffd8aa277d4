import type { AppServer } from '@core/test-support';
import { expect, test } from '@playwright/test';
import { freshRoom, live, openRoom, people, seed, send, signedIn, startChat, texts } from './support/chat';

/**
 * The chat on one process (memory manager): two people, each in a browser of their own — one acts,
 * the other waits for what it did.
 */
let server: AppServer;
test.beforeAll(async () => {
  server = await startChat();
});
test.afterAll(async () => {
  await server?.stop();
  if (process.env.CHAT_DEBUG) console.log(server?.output);
});

test('a name is refused when empty, and once signed in each page shows its own name', async ({ browser }) => {
  const page = await browser.newPage();
  await page.goto(server.url);
  await live(page);
  await page.getByTestId('chat-sign-in').click();
  await expect(page.getByTestId('chat-sign-in-error')).toHaveText('Enter a name.');
  await page.close();

  const ada = await signedIn(browser, server.url, 'Ada');
  const bo = await signedIn(browser, server.url, 'Bo');
  await expect(ada.getByTestId('chat-user-name')).toHaveText('Ada');
  await expect(bo.getByTestId('chat-user-name')).toHaveText('Bo');
  // The name belongs to the browser session: a reload keeps it.
  await ada.reload();
  await expect(ada.getByTestId('chat-user-name')).toHaveText('Ada');
  await Promise.all([ada.context().close(), bo.context().close()]);
});

test('a message sent by one person appears for the other at once, with its author', async ({ browser }) => {
  const room = freshRoom('live');
  const ada = await signedIn(browser, server.url, 'Ada');
  const bo = await signedIn(browser, server.url, 'Bo');
  await openRoom(ada, server.url, room);
  await openRoom(bo, server.url, room);

  await send(ada, 'Hello Bo');
  await expect(bo.getByTestId('chat-message-text')).toHaveText(['Hello Bo']);
  await expect(bo.getByTestId('chat-message-author')).toHaveText(['Ada']);

  await send(bo, 'Hi Ada');
  await expect(ada.getByTestId('chat-message-text')).toHaveText(['Hello Bo', 'Hi Ada']);
  await expect(ada.getByTestId('chat-message-author')).toHaveText(['Ada', 'Bo']);
  await Promise.all([ada.context().close(), bo.context().close()]);
});

test('the people list shows both, and a closed page drops out of it', async ({ browser }) => {
  const room = freshRoom('people');
  const ada = await signedIn(browser, server.url, 'Ada');
  const bo = await signedIn(browser, server.url, 'Bo');
  await openRoom(ada, server.url, room);
  await expect.poll(() => people(ada)).toEqual(['Ada']);
  await openRoom(bo, server.url, room);
  for (const page of [ada, bo]) await expect.poll(() => people(page)).toEqual(['Ada', 'Bo']);
  await expect(ada.getByTestId('chat-person').filter({ hasText: '(you)' })).toHaveText('Ada (you)');

  await bo.close();
  await expect.poll(() => people(ada)).toEqual(['Ada']);
  // Back home, Ada is in no room: a second look at the room lists nobody but the looker.
  await ada.getByTestId('chat-nav-home').click();
  await expect(ada.getByTestId('chat-room-list')).toBeVisible();
  const carol = await signedIn(browser, server.url, 'Carol');
  await openRoom(carol, server.url, room);
  await expect.poll(() => people(carol)).toEqual(['Carol']);
  await Promise.all([ada.context().close(), bo.context().close(), carol.context().close()]);
});

test('the other person sees "typing…" while one types; it goes away on send, and when idle', async ({ browser }) => {
  const room = freshRoom('typing');
  const ada = await signedIn(browser, server.url, 'Ada');
  const bo = await signedIn(browser, server.url, 'Bo');
  await openRoom(ada, server.url, room);
  await openRoom(bo, server.url, room);
  await expect.poll(() => people(bo)).toEqual(['Ada', 'Bo']);

  await ada.getByTestId('chat-message-input').pressSequentially('Hel');
  await expect(bo.getByTestId('chat-typing')).toHaveText('Ada is typing…');
  await expect(ada.getByTestId('chat-typing')).toHaveText(''); // not about yourself
  await ada.getByTestId('chat-message-input').pressSequentially('lo');
  await ada.getByTestId('chat-send').click();
  await expect(bo.getByTestId('chat-message-text')).toHaveText(['Hello']);
  await expect(bo.getByTestId('chat-typing')).toHaveText('');

  // Typing, then nothing: it ends by itself a few seconds later.
  await ada.getByTestId('chat-message-input').pressSequentially('and');
  await expect(bo.getByTestId('chat-typing')).toHaveText('Ada is typing…');
  await expect(bo.getByTestId('chat-typing')).toHaveText('', { timeout: 8_000 });
  await Promise.all([ada.context().close(), bo.context().close()]);
});

test('messages stay in their room, also when a tab moves between rooms', async ({ browser }) => {
  const roomA = freshRoom('a');
  const roomB = freshRoom('b');
  const ada = await signedIn(browser, server.url, 'Ada');
  const bo = await signedIn(browser, server.url, 'Bo');
  await openRoom(ada, server.url, roomA);
  await openRoom(bo, server.url, roomB);

  await send(ada, 'only in A');
  await send(bo, 'only in B');
  // Bo's page has Bo's own later message, so it is up to date: nothing of room A reached it.
  expect(await texts(bo)).toEqual(['only in B']);
  await send(ada, 'A again');
  await send(bo, 'B again');
  expect(await texts(bo)).toEqual(['only in B', 'B again']);
  expect(await texts(ada)).toEqual(['only in A', 'A again']);

  // Ada goes to B through the room list (no reload): B's history, B's people, then A's again.
  await ada.getByTestId('chat-nav-home').click();
  await ada.getByTestId('chat-new-room').fill(roomB);
  await ada.getByTestId('chat-open-room').click();
  await expect(ada.getByTestId('chat-room-name')).toHaveText(`#${roomB}`);
  await expect(ada.getByTestId('chat-message-text')).toHaveText(['only in B', 'B again']);
  await expect.poll(() => people(ada)).toEqual(['Ada', 'Bo']);
  await ada.goBack();
  await ada.goBack();
  await expect(ada.getByTestId('chat-room-name')).toHaveText(`#${roomA}`);
  await expect(ada.getByTestId('chat-message-text')).toHaveText(['only in A', 'A again']);
  await expect.poll(() => people(bo)).toEqual(['Bo']);
  await Promise.all([ada.context().close(), bo.context().close()]);
});

test('a long history shows its newest 50 messages, and older ones load on demand', async ({ browser }) => {
  const room = freshRoom('history');
  await seed(server, room, 500);
  const ada = await signedIn(browser, server.url, 'Ada');
  await openRoom(ada, server.url, room);
  const shown = ada.getByTestId('chat-message-text');
  await expect(shown).toHaveCount(50);
  await expect(shown.first()).toHaveText('Seeded message 450');
  await expect(shown.last()).toHaveText('Seeded message 499');

  await ada.getByTestId('chat-load-older').click();
  await expect(shown).toHaveCount(100);
  await expect(shown.first()).toHaveText('Seeded message 400');
  await expect(shown.nth(50)).toHaveText('Seeded message 450');

  // To the beginning: the button goes once nothing older is left.
  const older = ada.getByTestId('chat-load-older');
  while ((await shown.count()) < 500) {
    const before = await shown.count();
    await older.click();
    await expect(shown).toHaveCount(before + 50);
  }
  await expect(shown.first()).toHaveText('Seeded message 0');
  await expect(older).toHaveCount(0);

  // A new message still lands at the end, for a page that opens the room later too.
  await send(ada, 'message 501');
  const bo = await signedIn(browser, server.url, 'Bo');
  await openRoom(bo, server.url, room);
  await expect(bo.getByTestId('chat-message-text')).toHaveCount(50);
  await expect(bo.getByTestId('chat-message-text').last()).toHaveText('message 501');
  await Promise.all([ada.context().close(), bo.context().close()]);
});

test('a bad room name gets a clear error, from the URL or from the home page', async ({ browser }) => {
  const ada = await signedIn(browser, server.url, 'Ada');
  const response = await ada.goto(`${server.url}/room/Not%20OK!`);
  expect(response?.status()).toBe(200);
  await expect(ada.getByTestId('chat-room-error')).toContainText('"Not OK!" is not a room name');
  await expect(ada.getByTestId('chat-message-input')).toHaveCount(0);
  await expect(ada.getByTestId('chat-people')).toHaveCount(0);

  await ada.getByTestId('chat-nav-home').click();
  await ada.getByTestId('chat-new-room').fill('x'.repeat(40));
  await ada.getByTestId('chat-open-room').click();
  await expect(ada.getByTestId('chat-room-error')).toContainText('too long');
  await ada.context().close();
});
