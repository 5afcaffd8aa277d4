import { CoreClient, useAppState } from '@core/react';
import { renderPage } from '@core/react/server';
import type { HydrateMessage, SsrPayload } from '@core/state/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStorage, type ScriptedServer, scriptedServer } from './scriptedServer.js';

// Issue 28, large state: the first page was about four times the state. The HTML carried every
// state, and the page then took a full hydrate of it all again (it did not know where the render
// stood, so it could not ask for a replay).

let server: ScriptedServer | undefined;
let client: CoreClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

const Small = { name: 'small' };
function Page() {
  const n = useAppState(Small, (s) => (s as { n: number }).n);
  return <p>{n}</p>;
}

describe('a server render', () => {
  it('reports the states it read, so that the HTML carries only those', async () => {
    const table = { routes: [{ pattern: '/', file: 'index.tsx', page: async () => ({ default: Page }), layouts: [] }] };
    const hydration: HydrateMessage = {
      token: 't.x',
      seq: 2,
      epoch: 'e1',
      state: { small: { n: 7 }, big: { text: 'x'.repeat(1_000) }, router: { href: '/' } },
    };
    const rendered = await renderPage(table, '/', hydration);
    expect(rendered.html).toContain('<p>7</p>');
    expect(rendered.states).toEqual(['small']); // the server adds `router` itself
  });
});

describe('a client started from a server render', () => {
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
