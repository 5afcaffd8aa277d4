import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CoreClient, EventError } from '@core/react';
import { type CoreServer, createServer } from '@core/server';
import { type App, type Chain, createApp, defineState, MemoryStateManager, silentLogger } from '@core/state';
import { afterEach, describe, expect, it } from 'vitest';

// The page's real client against the real server, in Node: the protocol as both sides speak it.
const Counter = defineState('counter', {
  vars: { n: 0, _secret: 'never-on-the-page' },
  computed: { double: (s) => s.n * 2 },
  events: {
    add(s, by: number) {
      s.n += by;
    },
    same(s) {
      s.n = s.n + 0;
    },
    fail(): Chain {
      throw new Error('boom');
    },
    *stepwise(s) {
      s.n += 1;
      yield;
      s.n += 1;
    },
  },
});

const cwd = mkdtempSync(path.join(os.tmpdir(), 'core-client-server-'));
const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => map.set(key, value),
  };
}

async function start(
  options: { manager?: MemoryStateManager; touchInterval?: number } = {},
): Promise<{ server: CoreServer; url: string; app: App }> {
  const app = createApp({ states: [Counter], stateManager: options.manager });
  const server = createServer({
    app,
    secret: 'test-secret-0123456789',
    cwd,
    logger: silentLogger,
    dev: false,
    touchInterval: options.touchInterval,
  });
  opened.push(server);
  const { url } = await server.listen(0);
  return { server, url, app };
}

function connect(url: string, storage = memoryStorage()) {
  const client = new CoreClient({ url, storage });
  opened.push(client);
  return client;
}

describe('CoreClient against the real server', () => {
  it('hydrates without backend vars, and each dispatch resolves once its update is applied', async () => {
    const { url } = await start();
    const storage = memoryStorage();
    const client = connect(url, storage);
    await expect.poll(() => client.getStatus()).toBe('connected');
    expect(client.getState()).toEqual({ counter: { n: 0, double: 0 } });
    expect(storage.map.get('core:token')).toBe(client.token);

    await client.dispatch({ state: 'counter', name: 'add', payload: 3 });
    // Resolved by the update carrying the event id: the state is already applied.
    expect(client.getState()).toEqual({ counter: { n: 3, double: 6 } });
    await client.dispatch({ state: 'counter', name: 'stepwise', payload: undefined });
    expect(client.getState()?.counter.n).toBe(5);
    expect(client.seq).toBe(3);
  });

  it('settles an event that changed nothing, and rejects a failed or unknown one with its code', async () => {
    const { url } = await start();
    const client = connect(url);
    await expect.poll(() => client.getStatus()).toBe('connected');
    await expect(client.dispatch({ state: 'counter', name: 'same', payload: undefined })).resolves.toBeUndefined();
    const failed = await client.dispatch({ state: 'counter', name: 'fail', payload: undefined }).catch((e) => e);
    expect(failed).toBeInstanceOf(EventError);
    expect(failed).toMatchObject({ code: 'HANDLER_ERROR', message: 'Handler "counter.fail" failed.' });
    const unknown = await client.dispatch({ state: 'counter', name: 'nope', payload: undefined }).catch((e) => e);
    expect(unknown).toMatchObject({ code: 'UNKNOWN_HANDLER' });
    await client.dispatch({ state: 'counter', name: 'add', payload: 1 });
    expect(client.getState()?.counter.n).toBe(1);
  });

  it('keeps its token across a reconnect and sends events queued meanwhile once', async () => {
    const { server, url } = await start();
    const client = connect(url);
    await expect.poll(() => client.getStatus()).toBe('connected');
    const token = client.token;
    server.io.disconnectSockets(true);
    await expect.poll(() => client.getStatus()).toBe('reconnecting');
    const sent = [1, 2, 3].map((by) => client.dispatch({ state: 'counter', name: 'add', payload: by }));
    await Promise.all(sent);
    expect(client.token).toBe(token);
    expect(client.getState()?.counter.n).toBe(6);
  });

  it('notices that the server lost its state (a new epoch) and resyncs instead of freezing', async () => {
    const manager = new MemoryStateManager();
    const { url } = await start({ manager });
    const client = connect(url);
    await expect.poll(() => client.getStatus()).toBe('connected');
    for (let i = 0; i < 3; i++) await client.dispatch({ state: 'counter', name: 'add', payload: 10 });
    expect(client.seq).toBe(3);
    // The document vanishes (it expired, Redis was flushed): the server starts over at seq 0.
    await manager.delete(client.token as string);
    await client.dispatch({ state: 'counter', name: 'add', payload: 1 });
    // Before epochs the page dropped seq 1 as old and kept showing 30.
    await expect.poll(() => client.getState()?.counter.n).toBe(1);
    expect(client.seq).toBe(1);
    await client.dispatch({ state: 'counter', name: 'add', payload: 1 });
    expect(client.getState()?.counter.n).toBe(2);
  });

  it('keeps the state of a connected, idle page from expiring', async () => {
    let now = 1_000_000;
    const manager = new MemoryStateManager({ tokenExpiration: 60_000, now: () => now });
    const { url } = await start({ manager, touchInterval: 20 });
    const client = connect(url);
    await expect.poll(() => client.getStatus()).toBe('connected');
    await client.dispatch({ state: 'counter', name: 'add', payload: 7 });
    const token = client.token as string;
    // Two minutes pass in small steps while the page stays connected and idle.
    for (let i = 0; i < 4; i++) {
      now += 30_000;
      const touchedAt = now;
      await expect
        .poll(async () => (await manager.get(token)) !== undefined && manager.export().tokens[token]?.touched)
        .toBe(touchedAt);
    }
    expect((await manager.get(token))?.states.counter.n).toBe(7);
  });
});
