import { type CoreServer, createServer } from '@core/server';
import { createApp, defineState, silentLogger } from '@core/state';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRequest as http } from './httpRequest.js';
import { connectClient, type TestClient } from './socketClient.js';

/**
 * Issue 23 item 1: on reconnect a page names the shared documents it shows, and the server joined
 * the socket to each named room before checking anything, leaving it only once the replay or
 * hydrate was done. With the tab's lock held (a handler waiting on a client call nobody answers)
 * and a fresh session cookie, the hydrate waited for the lock and the page received the live
 * patches of a room its `enter` handler had refused, and of another browser's session it named by
 * id. Rooms are now joined only from the tab's own links, as the server stored them.
 */

declare module '@core/state' {
  interface ClientFunctions {
    neverAnswered: { payload: void; result: void };
  }
}

const SECRET = 'refused-room-secret-0123';
const Vip = defineState('vip', { scope: 'room', vars: { n: 0 } });
const Profile = defineState('profile', { scope: 'session', vars: { n: 0 } });
const Lobby = defineState('lobby', {
  vars: { joined: '' },
  events: {
    enter(s, key: string, ctx) {
      if (key === 'vip') throw new Error('members only');
      ctx.join(Vip, key);
      s.joined = key;
    },
    async stall(_s, _: void, ctx) {
      await ctx.client.call('neverAnswered', undefined, { timeout: 2_500 });
    },
  },
});

const servers: CoreServer[] = [];
const clients: TestClient[] = [];
const timers: NodeJS.Timeout[] = [];
afterEach(async () => {
  for (const timer of timers.splice(0)) clearInterval(timer);
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A fresh browser session cookie (`core_session=<id>.<mac>`), as any page load gets one. */
async function sessionCookie(url: string): Promise<string> {
  const setCookie = ((await http(url, { headers: { accept: 'text/html' } })).headers['set-cookie'] as string[])[0];
  return setCookie.slice(0, setCookie.indexOf(';'));
}

describe('a page that names a room or a session it is not in', () => {
  it('gets no patch of them, even while its tab is locked and its session changes on reconnect', async () => {
    const app = createApp({ states: [Lobby, Vip, Profile], logger: silentLogger });
    const server = createServer({ app, secret: SECRET, logger: silentLogger, dev: false });
    servers.push(server);
    const { url } = await server.listen(0);
    const victimSession = (await sessionCookie(url)).split('=')[1].split('.')[0];

    // The rooms and the other browser's session change all the time.
    let changes = 0;
    timers.push(
      setInterval(() => {
        changes += 1;
        for (const key of ['vip', 'open']) {
          void app.modifyState({ scope: 'room', key }, async (tx) => {
            (await tx.get(Vip)).n += 1;
          });
        }
        void app.modifyState({ scope: 'session', key: victimSession }, async (tx) => {
          (await tx.get(Profile)).n += 1;
        });
      }, 20),
    );

    const first = await connectClient(url, {}, { cookie: await sessionCookie(url) });
    clients.push(first);
    const { token } = await first.firstHydrate;
    expect(await first.send({ id: 'e0', state: 'lobby', name: 'enter', payload: 'open' })).toEqual({ ok: true });
    const refused = await first.send({ id: 'e1', state: 'lobby', name: 'enter', payload: 'vip' });
    expect(refused).toMatchObject({ ok: false });
    // Hold the tab's lock: a handler waits on a client call this page never answers.
    const called = new Promise<void>((resolve) => first.socket.once('core:call', () => resolve()));
    first.socket.emit('core:event', { id: 'e2', state: 'lobby', name: 'stall', payload: null });
    await called;
    const position = await app.hydrate(token);
    first.close();

    // Back with the tab's token and where it stands, naming its room, the refused room and the
    // other session, and with a fresh session cookie (so its hydrate waits for the tab's lock).
    const changesBefore = changes;
    const open = position.shared?.['@room:open'] as { seq: number; epoch: string };
    const again = await connectClient(
      url,
      {
        token,
        seq: position.seq,
        epoch: position.epoch,
        shared: {
          '@room:open': { seq: open.seq, epoch: open.epoch },
          '@room:vip': { seq: 0, epoch: '' },
          [`@session:${victimSession}`]: { seq: 0, epoch: '' },
        },
      },
      { cookie: await sessionCookie(url) },
    );
    clients.push(again);
    const hydrate = await again.firstHydrate; // after the lock was released (the call timed out)
    expect(hydrate.shared?.['@room:open']).toBeDefined(); // the room its tab joined
    // The rooms went on changing the whole time the page waited, and a while after its hydrate;
    // the page gets the patches of its own room.
    const changesAtHydrate = changes;
    expect(changesAtHydrate - changesBefore).toBeGreaterThan(20);
    await expect.poll(() => changes - changesAtHydrate, { timeout: 5_000 }).toBeGreaterThan(20);
    await expect.poll(() => again.patches.filter((patch) => patch.source === '@room:open').length).toBeGreaterThan(5);

    const received = [...again.patches, ...again.replays.flatMap((replay) => replay.updates)];
    expect(received.filter((update) => update.source !== undefined && update.source !== '@room:open')).toEqual([]);
    expect(again.frames.filter((frame) => frame.includes('"@room:vip"') || frame.includes(victimSession))).toEqual([]);
  });
});
