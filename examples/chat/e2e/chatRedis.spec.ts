import { type AppServer, RedisProcess } from '@core/test-support';
import { expect, test } from '@playwright/test';
import { freshRoom, openRoom, people, send, signedIn, startChat } from './support/chat';

/**
 * The same chat on two `core start` processes sharing one Redis: Ada's page is on one, Bo's on the
 * other, and messages, the people list and typing cross between them.
 */
test.skip(!process.env.CI && !RedisProcess.available(), 'redis-server is not installed (in CI this fails instead)');

let redis: RedisProcess;
let a: AppServer;
let b: AppServer;
test.beforeAll(async () => {
  redis = await RedisProcess.start();
  [a, b] = await Promise.all([startChat({ REDIS_URL: redis.url }), startChat({ REDIS_URL: redis.url })]);
});
test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.dispose();
});

test('two people on two processes: messages, people and typing cross over', async ({ browser }) => {
  const room = freshRoom('redis');
  const ada = await signedIn(browser, a.url, 'Ada');
  const bo = await signedIn(browser, b.url, 'Bo');
  await openRoom(ada, a.url, room);
  await openRoom(bo, b.url, room);
  for (const page of [ada, bo]) await expect.poll(() => people(page)).toEqual(['Ada', 'Bo']);

  await bo.getByTestId('chat-message-input').pressSequentially('Hi');
  await expect(ada.getByTestId('chat-typing')).toHaveText('Bo is typing…');
  await bo.getByTestId('chat-send').click();
  await expect(ada.getByTestId('chat-message-text')).toHaveText(['Hi']);
  await expect(ada.getByTestId('chat-typing')).toHaveText('');

  await send(ada, 'Hello from the other process');
  await expect(bo.getByTestId('chat-message-text')).toHaveText(['Hi', 'Hello from the other process']);

  await bo.close();
  await expect.poll(() => people(ada)).toEqual(['Ada']);
  await Promise.all([ada.context().close(), bo.context().close()]);
});
