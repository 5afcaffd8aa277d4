import { randomUUID } from 'node:crypto';
import { type CoreServer, createServer } from '@core/server';
import { createRedisStateManager } from '@core/server/redis';
import { type App, createApp, defineState, MemoryStateManager, type StateManager, silentLogger } from '@core/state';
import { createClient } from 'redis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpRequest as http } from './httpRequest.js';
import { useRedisServer } from './redisServer.js';
import { connectClient, type TestClient } from './socketClient.js';

/**
 * Issue 23 item 5: the server kept only the pages' own tab documents from expiring. An app-wide
 * counter, a quiet room or a signed-in session's name reset after `tokenExpiration` without
 * writes while pages showed them, in memory and in Redis. The documents a connected page shows
 * are now touched like its tab's, and the app-wide document never expires unless configured.
 */

const Room = defineState('room', { scope: 'room', vars: { n: 0 } });
const Profile = defineState('profile', { scope: 'session', vars: { n: 0 } });
const Everyone = defineState('everyone', { scope: 'app', vars: { n: 0 } });
const Lobby = defineState('lobby', {
  vars: { joined: '' },
  events: {
    async enter(s, key: string, ctx) {
      ctx.join(Room, key);
      (await ctx.get(Profile)).n += 1; // session, room, app: the order steps lock them in
      (await ctx.get(Room)).n += 1;
      (await ctx.get(Everyone)).n += 1;
      s.joined = key;
    },
  },
});

const redis = useRedisServer();
const servers: CoreServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/**
 * A page (with a browser session) that shows a room, its session and the app's document, all
 * written once; then a room nobody shows, written after them. Returns the keys of each.
 */
async function pageShowingSharedDocuments(stateManager: StateManager, touchInterval: number) {
  const app: App = createApp({ states: [Lobby, Room, Profile, Everyone], logger: silentLogger });
  const server = createServer({
    app,
    stateManager,
    secret: 'touch-secret-0123456789',
    logger: silentLogger,
    touchInterval,
  });
  servers.push(server);
  const { url } = await server.listen(0);
  const setCookie = ((await http(url, { headers: { accept: 'text/html' } })).headers['set-cookie'] as string[])[0];
  const cookie = setCookie.slice(0, setCookie.indexOf(';'));
  const client = await connectClient(url, {}, { cookie });
  clients.push(client);
  const { token } = await client.firstHydrate;
  expect(await client.send({ id: 'e1', state: 'lobby', name: 'enter', payload: 'lobby' })).toMatchObject({ ok: true });
  await expect.poll(() => server.io.sockets.adapter.rooms.has('@room:lobby')).toBe(true);
  await app.modifyState({ scope: 'room', key: 'quiet' }, async (tx) => {
    (await tx.get(Room)).n += 1;
  });
  const session = `@session:${cookie.split('=')[1].split('.')[0]}`;
  return { shown: [token, session, '@room:lobby', '@app'], unshown: '@room:quiet' };
}

describe('documents a connected page shows', () => {
  it('do not expire in memory: the room, the session and the app document outlive tokenExpiration', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const manager = new MemoryStateManager({ tokenExpiration: 10_000 });
    const { shown, unshown } = await pageShowingSharedDocuments(manager, 1_000);
    for (let second = 0; second < 30; second++) await vi.advanceTimersByTimeAsync(1_000);
    expect(await manager.get(unshown)).toBeUndefined(); // idle and shown by nobody: forgotten
    for (const key of shown) expect(await manager.get(key), key).toBeDefined();
  });

  it.skipIf(!redis)('do not expire in Redis, and the app document has no expiry at all', async () => {
    const keyPrefix = `test:${randomUUID()}:`;
    const manager = await createRedisStateManager({ url: redis?.url, keyPrefix, tokenExpiration: 1_500 });
    const { shown, unshown } = await pageShowingSharedDocuments(manager, 300);
    // Written after the shown ones: once it is gone, they would be gone too without the touches.
    await expect.poll(() => manager.get(unshown), { timeout: 10_000, interval: 100 }).toBeUndefined();
    for (const key of shown) expect(await manager.get(key), key).toBeDefined();
    const probe = createClient({ url: redis?.url });
    await probe.connect();
    try {
      expect(await probe.pTTL(`${keyPrefix}state:{@app}`)).toBe(-1); // exists, without expiry
      expect(await probe.pTTL(`${keyPrefix}state:{${shown[2]}}`)).toBeGreaterThan(0);
    } finally {
      await probe.close();
    }
    await manager.close();
  });
});
