import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer, type DevtoolsOptions, ServerError } from '@core/server';
import { type Chain, createApp, defineAppTask, defineState, silentLogger } from '@core/state';
import type { DevtoolsAnswer, DevtoolsData } from '@core/state/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectClient, type TestClient } from './socketClient.js';

const Counter = defineState('counter', {
  vars: { n: 0, _secret: 'backend-only' },
  events: {
    add(s, by: number): Chain {
      s.n += by;
      s._secret = `changed ${by}`;
      if (by > 1) return Counter.add(1);
    },
    fail() {
      throw new Error('devtools sees this');
    },
  },
});

const cwd = mkdtempSync(path.join(os.tmpdir(), 'core-devtools-'));
const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

/** An app task the panel lists: one run per 50 ms, on this process. */
const beat = defineAppTask('beat', { every: '50ms' }, async () => {});

async function start(dev: boolean, devtools?: DevtoolsOptions | false) {
  const app = createApp({ states: [Counter], tasks: [beat] });
  const server = createServer({ app, secret: 'test-secret-0123456789', cwd, logger: silentLogger, dev, devtools });
  opened.push(server);
  const { url } = await server.listen(0);
  return { url, app };
}

async function connect(url: string): Promise<TestClient & { data: DevtoolsData[] }> {
  const client = await connectClient(url, { instance: 'page-1' });
  opened.push({ close: () => client.close() });
  const data: DevtoolsData[] = [];
  client.socket.on('core:devtools-data', (message: DevtoolsData) => data.push(message));
  await client.firstHydrate;
  return Object.assign(client, { data });
}

function request(client: TestClient, op: string): Promise<DevtoolsAnswer> {
  return client.socket.timeout(5_000).emitWithAck('core:devtools', { op });
}

describe('the devtools channel', () => {
  it('on a development server, streams the records, the whole tree (backend vars too) and the connection once subscribed', async () => {
    const { url } = await start(true, { maxEvents: 50 });
    const client = await connect(url);
    await client.send({ id: 'e-before', state: 'counter', name: 'add', payload: 1 });
    expect(client.data).toEqual([]); // nothing before the panel subscribes
    expect(await request(client, 'subscribe')).toEqual({ ok: true, maxEvents: 50 });
    await client.send({ id: 'e-1', state: 'counter', name: 'add', payload: 2 });
    await vi.waitFor(() => {
      const records = client.data.flatMap((d) => d.records ?? []);
      expect(records.filter((r) => r.type === 'event-ended')).toHaveLength(2); // add(2) and its chained add(1)
    });
    const records = client.data.flatMap((d) => d.records ?? []);
    const first = records.find((r) => r.type === 'event-queued' && r.origin === 'page');
    expect(first).toMatchObject({ handler: 'counter.add', payload: 2 });
    expect(records.find((r) => r.type === 'event-queued' && r.origin === 'chain')).toMatchObject({
      parent: first?.id,
    });
    await vi.waitFor(() => {
      const tree = client.data.filter((d) => d.tree).at(-1)?.tree;
      expect(tree?.states.counter).toEqual({ n: 4, _secret: 'changed 1' });
    });
    await vi.waitFor(() => {
      const connection = client.data.find((d) => d.connection)?.connection;
      expect(connection).toMatchObject({ pid: process.pid, socketId: client.socket.id, reconnects: 0, hydrates: 1 });
    });
    // The app tasks ride with the connection figures: running here, with runs and a last run.
    await vi.waitFor(() => {
      const appTasks = client.data.filter((d) => d.appTasks).at(-1)?.appTasks;
      expect(appTasks).toMatchObject([{ name: 'beat', schedule: 'every 50ms', state: 'running', failures: 0 }]);
      expect(appTasks?.[0]?.runs).toBeGreaterThan(0);
      expect(appTasks?.[0]?.lastRun).toBeGreaterThan(Date.now() - 5_000);
    });
  });

  it('reports a failing handler with its message and stack', async () => {
    const { url } = await start(true);
    const client = await connect(url);
    await request(client, 'subscribe');
    await client.send({ id: 'e-1', state: 'counter', name: 'fail' });
    await vi.waitFor(() => {
      const ended = client.data.flatMap((d) => d.records ?? []).find((r) => r.type === 'event-ended');
      expect(ended).toMatchObject({ error: { message: 'devtools sees this' } });
      expect(ended?.type === 'event-ended' && ended.error?.stack).toContain('devtoolsChannel.test.ts');
    });
  });

  it('stops streaming on unsubscribe', async () => {
    const { url } = await start(true);
    const client = await connect(url);
    await request(client, 'subscribe');
    await vi.waitFor(() => expect(client.data.some((d) => d.tree)).toBe(true));
    expect(await request(client, 'unsubscribe')).toMatchObject({ ok: true });
    const count = client.data.length;
    await client.send({ id: 'e-1', state: 'counter', name: 'add', payload: 1 });
    // Subscribed again: the event run while unsubscribed left no record, the next one does.
    await request(client, 'subscribe');
    await client.send({ id: 'e-2', state: 'counter', name: 'add', payload: 5 });
    const later = () => client.data.slice(count).flatMap((d) => d.records ?? []);
    await vi.waitFor(() => expect(later().some((r) => r.type === 'event-ended')).toBe(true));
    expect(
      later()
        .filter((r) => r.type === 'event-queued')
        .map((r) => r.type === 'event-queued' && r.payload),
    ).toEqual([5, 1]); // add(5) and the add(1) it chains: nothing of e-1
  });

  it('answers a malformed request with INVALID_EVENT', async () => {
    const { url } = await start(true);
    const client = await connect(url);
    expect(await request(client, 'everything')).toMatchObject({ ok: false, error: { code: 'INVALID_EVENT' } });
  });

  it('on a production server, answers a devtools request with DEVTOOLS_UNAVAILABLE and sends nothing', async () => {
    const { url } = await start(false, { maxEvents: 10 });
    const client = await connect(url);
    expect(await request(client, 'subscribe')).toMatchObject({ ok: false, error: { code: 'DEVTOOLS_UNAVAILABLE' } });
    await client.send({ id: 'e-1', state: 'counter', name: 'add', payload: 1 });
    expect(client.data).toEqual([]);
    expect(client.frames.some((frame) => frame.includes('core:devtools-data'))).toBe(false);
  });

  it('is off in development with devtools: false', async () => {
    const { url } = await start(true, false);
    const client = await connect(url);
    expect(await request(client, 'subscribe')).toMatchObject({ ok: false, error: { code: 'DEVTOOLS_UNAVAILABLE' } });
  });

  it('refuses a maxEvents that is not a positive integer', () => {
    const app = createApp({ states: [Counter] });
    expect(() =>
      createServer({
        app,
        secret: 'test-secret-0123456789',
        cwd,
        logger: silentLogger,
        dev: true,
        devtools: { maxEvents: 0 },
      }),
    ).toThrow(ServerError);
  });
});
