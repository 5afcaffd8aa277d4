import { CoreClient } from '@core/react';
import type { HydrateMessage, SsrPayload } from '@core/state/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStorage, type ScriptedServer, scriptedServer } from './scriptedServer.js';

const rendered: HydrateMessage = { token: 'rendered.token', seq: 3, state: { user: { name: 'User 42' } } };

let server: ScriptedServer | undefined;
let client: CoreClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

/** A scripted server that records each socket's auth token and navigations, hydrating with that token. */
async function recordingServer() {
  const s = await scriptedServer();
  const auths: unknown[] = [];
  const navigations: unknown[] = [];
  s.hydrate = (socket) => {
    const token = (socket.handshake.auth as { token?: string }).token ?? 'issued.token';
    auths.push(token);
    socket.removeAllListeners('core:navigate');
    socket.on('core:navigate', (message: unknown, ack: (result: { ok: true }) => void) => {
      navigations.push(message);
      ack({ ok: true });
    });
    return { token, seq: 7, state: { user: { name: token === 'own.token' ? 'own state' : 'User 42' } } };
  };
  return { s, auths, navigations };
}

describe('a client started from a server render', () => {
  it('shows the rendered state at once and adopts its token on a first visit', async () => {
    const { s, auths, navigations } = await recordingServer();
    server = s;
    const storage = memoryStorage();
    client = new CoreClient({ url: s.url, storage, initial: rendered, href: '/users/42', autoConnect: false });
    expect(client.getState()).toEqual(rendered.state);
    expect(client.token).toBe('rendered.token');
    expect(storage.map.get('core:token')).toBe('rendered.token');
    client.connect();
    await expect.poll(() => navigations).toEqual([{ href: '/users/42', reason: 'connect' }]);
    expect(auths).toEqual(['rendered.token']);
    expect(client.seq).toBe(7);
  });

  it("connects with the tab's own token when it has one, and switches to its state", async () => {
    const { s, auths } = await recordingServer();
    server = s;
    const storage = memoryStorage();
    storage.setItem('core:token', 'own.token');
    client = new CoreClient({ url: s.url, storage, initial: rendered, href: '/users/42', autoConnect: false });
    expect(client.token).toBe('rendered.token'); // what the HTML shows until connected
    client.connect();
    await expect.poll(() => client?.token).toBe('own.token');
    expect(auths).toEqual(['own.token']);
    expect(client.getState()).toEqual({ user: { name: 'own state' } });
    expect(storage.map.get('core:token')).toBe('own.token');
  });

  it('sends a navigation made while disconnected once it is connected, as a navigation', async () => {
    const { s, navigations } = await recordingServer();
    server = s;
    client = new CoreClient({
      url: s.url,
      storage: memoryStorage(),
      initial: rendered,
      href: '/users/42',
      autoConnect: false,
    });
    const done = client.navigate('/users/7');
    client.connect();
    await done;
    expect(navigations).toEqual([{ href: '/users/7', reason: 'navigate' }]);
  });

  // Issue 28, large state: the first page was about four times the state. The page did not know
  // where the render stood, so it could not ask for a replay and took a full hydrate of it all.
  it('connects as a replay from where the render stood, not for a second copy of the state', async () => {
    server = await scriptedServer();
    const initial: SsrPayload = { token: 'tok', seq: 3, epoch: 'e1', state: { small: { n: 1 } }, href: '/' };
    client = new CoreClient({ url: server.url, storage: memoryStorage(), initial, autoConnect: false });
    client.connect();
    await expect.poll(() => server?.sockets.length).toBe(1);
    expect(server.sockets[0].handshake.auth).toMatchObject({ token: 'tok', seq: 3, epoch: 'e1' });
    expect(server.sockets[0].handshake.auth.missing).toBeUndefined();
  });

  it('asks for the states the render left out, and keeps those the hydrate says it holds', async () => {
    server = await scriptedServer();
    server.hydrate = () => ({ token: 'tok', seq: 3, epoch: 'e1', state: { big: { text: 'large' } }, kept: ['small'] });
    const initial: SsrPayload = {
      token: 'tok',
      seq: 3,
      epoch: 'e1',
      state: { small: { n: 1 } },
      omitted: ['big'],
      href: '/',
    };
    client = new CoreClient({ url: server.url, storage: memoryStorage(), initial, autoConnect: false });
    let complete = false;
    void client.whenComplete().then(() => {
      complete = true;
    });
    client.connect();
    await expect.poll(() => client?.getStatus()).toBe('connected');
    expect(server.sockets[0].handshake.auth).toMatchObject({ seq: 3, epoch: 'e1', missing: ['big'] });
    expect(client.getState()).toEqual({ small: { n: 1 }, big: { text: 'large' } });
    expect(complete).toBe(true);
  });
});
