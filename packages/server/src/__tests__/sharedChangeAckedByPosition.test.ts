import { type CoreServer, createServer } from '@core/server';
import { createApp, defineState, silentLogger } from '@core/state';
import type { AckMessage, PatchMessage } from '@core/state/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRequest as http } from './httpRequest.js';
import { connectClient, type TestClient } from './socketClient.js';

/**
 * An optimistic add to a session-scoped list showed twice for a moment (examples/todo): the shared
 * update goes to every tab of the session without the event's id, and the `core:ack` that settled
 * the event came after it. The ack of an event that changed shared documents now goes first and
 * says where each change was committed; the page settles when it has applied those updates.
 */

const List = defineState('list', {
  scope: 'session',
  vars: { items: [] as string[] },
  events: {
    add(s, text: string) {
      s.items = [...s.items, text];
    },
  },
});
const Counter = defineState('counter', { scope: 'app', vars: { n: 0 } });
const Tab = defineState('tab', {
  vars: { adds: 0 },
  events: {
    async addAndCount(s, text: string, ctx) {
      s.adds += 1;
      const list = await ctx.get(List);
      list.items = [...list.items, text];
      (await ctx.get(Counter)).n += 1;
    },
    bump(s) {
      s.adds += 1;
    },
  },
});

const servers: CoreServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A page in a browser session, recording `core:ack` and `core:patch` in the order they arrive. */
async function pageInSession() {
  const app = createApp({ states: [List, Counter, Tab], logger: silentLogger });
  const server = createServer({ app, secret: 'position-secret-0123456789', logger: silentLogger });
  servers.push(server);
  const { url } = await server.listen(0);
  const setCookie = ((await http(url, { headers: { accept: 'text/html' } })).headers['set-cookie'] as string[])[0];
  const client = await connectClient(url, {}, { cookie: setCookie.slice(0, setCookie.indexOf(';')) });
  clients.push(client);
  const hydrate = await client.firstHydrate;
  const arrived: (['ack', AckMessage] | ['patch', PatchMessage])[] = [];
  client.socket.on('core:ack', (message: AckMessage) => arrived.push(['ack', message]));
  client.socket.on('core:patch', (message: PatchMessage) => arrived.push(['patch', message]));
  // Without a socket.io callback, as `CoreClient` sends events.
  const send = (id: string, state: string, name: string, payload?: unknown) =>
    client.socket.emit('core:event', { id, state, name, payload });
  return { hydrate, arrived, send };
}

describe('the ack of an event that changed shared documents', () => {
  it('comes before their updates and names the position of each; no shared update carries the id', async () => {
    const { hydrate, arrived, send } = await pageInSession();
    const before = hydrate.shared?.['@session']?.seq ?? 0;
    send('p-0', 'list', 'add', 'milk');
    await expect.poll(() => arrived.length).toBe(2);
    const [ack, patch] = arrived;
    expect(ack).toEqual(['ack', { ok: true, id: 'p-0', after: [{ source: '@session', seq: before + 1 }] }]);
    expect(patch?.[0]).toBe('patch');
    const update = patch?.[1] as PatchMessage;
    expect(update).toMatchObject({ source: '@session', seq: before + 1 });
    expect(update.eventId).toBeUndefined();
  });

  it('lists every document the event changed, the tab’s own included, ahead of all their updates', async () => {
    const { hydrate, arrived, send } = await pageInSession();
    send('p-0', 'tab', 'addAndCount', 'eggs');
    await expect.poll(() => arrived.length).toBe(4);
    expect(arrived.map(([kind]) => kind)).toEqual(['ack', 'patch', 'patch', 'patch']);
    const [ack, ...updates] = arrived.map(([, message]) => message) as [AckMessage, ...PatchMessage[]];
    const session = hydrate.shared?.['@session']?.seq ?? 0;
    const app = hydrate.shared?.['@app']?.seq ?? 0;
    const after = [
      { source: '@session', seq: session + 1 },
      { source: '@app', seq: app + 1 },
      { seq: hydrate.seq + 1 },
    ];
    expect(ack).toEqual({ ok: true, id: 'p-0', after });
    const positions = updates.map(({ source, seq, eventId }) => ({ eventId, ...(source ? { source } : {}), seq }));
    expect(positions).toEqual(after.map((position) => ({ eventId: undefined, ...position })));
  });

  it('is unchanged for an event of the tab alone: its update carries the id and no ack follows', async () => {
    const { arrived, send } = await pageInSession();
    send('p-0', 'tab', 'bump');
    send('p-1', 'list', 'add', 'flour'); // a later event, so that the first one's answer is all in
    await expect.poll(() => arrived.length).toBe(3);
    expect(arrived[0]).toEqual(['patch', expect.objectContaining({ eventId: 'p-0' })]);
    expect(arrived[1]?.[0]).toBe('ack');
  });
});
