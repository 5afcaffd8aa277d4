import { type CoreServer, createServer } from '@core/server';
import { createApp, defineState, localStorage, silentLogger } from '@core/state';
import type { ActionMessage, CallMessage, ClientCallAnswer } from '@core/state/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, type TestClient } from './socketClient.js';

declare module '@core/state' {
  interface ClientFunctions {
    relayWidth: { payload: void; result: number };
  }
}

const Page = defineState('page', {
  vars: { theme: localStorage('light', { name: 'theme', sync: true }), width: 0 },
  events: {
    setTheme(s, theme: string, ctx) {
      s.theme = theme;
      ctx.client.toast(`theme ${theme}`);
    },
    async measure(s, _: void, ctx) {
      s.width = await ctx.client.call('relayWidth', undefined, { timeout: 2_000 });
    },
  },
});

const servers: CoreServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start() {
  const app = createApp({ states: [Page], logger: silentLogger });
  const server = createServer({ app, secret: 'relay-secret-0123456789', logger: silentLogger, dev: false });
  servers.push(server);
  return { app, url: (await server.listen(0)).url };
}

async function connect(url: string, auth: Record<string, unknown> = {}) {
  const client = await connectClient(url, auth as never);
  clients.push(client);
  const actions: ActionMessage[] = [];
  const order: string[] = [];
  client.socket.on('core:action', (message: ActionMessage) => {
    actions.push(message);
    order.push('action');
  });
  client.socket.on('core:patch', () => order.push('patch'));
  return { client, actions, order };
}

describe('client actions over socket.io', () => {
  it('go to the page that fired the event only, after its patch', async () => {
    const { url } = await start();
    const one = await connect(url, { instance: 'one' });
    await one.client.firstHydrate;
    // Another page (a tab holding the same token would be given its own copy by the handshake).
    const other = await connect(url, { instance: 'other' });
    await other.client.firstHydrate;
    expect(await one.client.send({ id: 'e1', state: 'page', name: 'setTheme', payload: 'dark' })).toEqual({ ok: true });
    await expect.poll(() => one.actions).toEqual([{ actions: [{ type: 'toast', message: 'theme dark' }] }]);
    expect(one.order).toEqual(['patch', 'action']);
    expect(other.actions).toEqual([]);
  });

  it('call a function of the page and give the handler its answer', async () => {
    const { app, url } = await start();
    const { client } = await connect(url);
    const { token } = await client.firstHydrate;
    client.socket.on('core:call', (message: CallMessage, ack: (answer: ClientCallAnswer) => void) =>
      ack(
        message.name === 'relayWidth'
          ? { ok: true, value: 1234 }
          : { ok: false, error: { code: 'UNKNOWN_FUNCTION', message: 'no' } },
      ),
    );
    expect(await client.send({ id: 'm', state: 'page', name: 'measure' })).toEqual({ ok: true });
    expect((await app.snapshot(token)).page.width).toBe(1234);
  });

  // Issue 23, item 8: the page is told the largest answer taken, and a larger one fails the call
  // at once (here a page that sends it anyway, and one that says it is too large).
  it('fail the call at once when the answer is over its maxBytes, whoever notices', async () => {
    const { url } = await start();
    const { client } = await connect(url);
    await client.firstHydrate;
    const asked: CallMessage[] = [];
    let answer: ClientCallAnswer = { ok: true, value: 'x'.repeat(66_000) };
    client.socket.on('core:call', (message: CallMessage, ack: (answer: ClientCallAnswer) => void) => {
      asked.push(message);
      ack(answer);
    });
    const started = Date.now();
    expect(await client.send({ id: 'm1', state: 'page', name: 'measure' })).toMatchObject({
      ok: false,
      error: { code: 'CLIENT_CALL' },
    });
    expect(Date.now() - started).toBeLessThan(1_500); // not the call's 2 s timeout
    expect(asked[0]).toMatchObject({ name: 'relayWidth', maxBytes: 65_536 });
    answer = { ok: false, error: { code: 'TOO_LARGE', message: 'the answer is 70000 bytes of JSON' } };
    const refused = await client.send({ id: 'm2', state: 'page', name: 'measure' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CLIENT_CALL' } });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('fail the call with CLIENT_CALL when the page answers nonsense', async () => {
    const { url } = await start();
    const { client } = await connect(url);
    await client.firstHydrate;
    client.socket.on('core:call', (_m: CallMessage, ack: (answer: unknown) => void) => ack({ ok: 'yes' }));
    const ack = await client.send({ id: 'm', state: 'page', name: 'measure' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'CLIENT_CALL' } });
  });
});

describe('storage vars over socket.io', () => {
  it('take the stored values sent on connect before the hydrate, and list the bindings in it', async () => {
    const { url } = await start();
    const { client } = await connect(url, { stored: { 'local:theme': 'dark' } });
    const hydrate = await client.firstHydrate;
    expect(hydrate.state.page.theme).toBe('dark');
    expect(hydrate.storage).toEqual([
      {
        key: 'local:theme',
        state: 'page',
        var: 'theme',
        kind: 'local',
        name: 'theme',
        json: false,
        default: 'light',
        maxLength: 65_536,
        sync: true,
      },
    ]);
  });

  it('ignore a stored value of the wrong type on connect', async () => {
    const { url } = await start();
    const { client } = await connect(url, { stored: { 'local:theme': 7 } });
    expect((await client.firstHydrate).state.page.theme).toBe('light');
  });

  it('follow a value another tab stored (core:stored), as a patch', async () => {
    const { url } = await start();
    const { client } = await connect(url);
    await client.firstHydrate;
    client.socket.emit('core:stored', { values: { 'local:theme': 'blue' } });
    await expect
      .poll(() => client.patches.at(-1)?.patches)
      .toEqual([{ op: 'replace', path: ['page', 'theme'], value: 'blue' }]);
  });

  it('coalesce a flood of core:stored messages and end at the last value', async () => {
    const { app, url } = await start();
    const { client } = await connect(url);
    const { token } = await client.firstHydrate;
    for (let i = 0; i < 200; i++) client.socket.emit('core:stored', { values: { 'local:theme': `t${i}` } });
    await expect.poll(async () => (await app.snapshot(token)).page.theme).toBe('t199');
    // Far fewer updates than messages: values that arrived while one applied were merged.
    expect(client.patches.length).toBeLessThan(200);
  });
});
