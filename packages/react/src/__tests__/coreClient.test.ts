import { CoreClient, EventError } from '@core/react';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStorage, type ScriptedServer, scriptedServer as startScripted } from './scriptedServer.js';

const opened: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

async function scriptedServer(): Promise<ScriptedServer> {
  const server = await startScripted();
  opened.push(server);
  return server;
}

function client(url: string, storage = memoryStorage()) {
  const created = new CoreClient({ url, storage });
  opened.push({ close: () => created.close() });
  return created;
}

describe('CoreClient', () => {
  it('hydrates, stores the token and applies patches in seq order with structural sharing', async () => {
    const server = await scriptedServer();
    const storage = memoryStorage();
    const c = client(server.url, storage);
    await expect.poll(() => c.getStatus()).toBe('connected');
    expect(storage.map.get('core:token')).toBe('tok');
    const before = c.getState();
    server.sockets[0].emit('core:patch', { seq: 1, patches: [{ op: 'replace', path: ['s', 'n'], value: 5 }] });
    await expect.poll(() => c.getState()?.s.n).toBe(5);
    expect(c.getState()?.s.list).toBe(before?.s.list); // unchanged slice keeps its identity
    // An update it already has (seq ≤ current) is dropped.
    server.sockets[0].emit('core:patch', { seq: 1, patches: [{ op: 'replace', path: ['s', 'n'], value: 99 }] });
    server.sockets[0].emit('core:patch', { seq: 2, patches: [{ op: 'replace', path: ['s', 'n'], value: 6 }] });
    await expect.poll(() => c.getState()?.s.n).toBe(6);
    expect(c.seq).toBe(2);
  });

  it('resyncs after a gap in seq instead of applying out of order', async () => {
    const server = await scriptedServer();
    const c = client(server.url);
    await expect.poll(() => c.getStatus()).toBe('connected');
    server.hydrate = () => ({ token: 'tok', seq: 7, state: { s: { n: 70, list: [] } } });
    server.sockets[0].emit('core:patch', { seq: 3, patches: [{ op: 'replace', path: ['s', 'n'], value: 30 }] });
    await expect.poll(() => c.getState()?.s.n).toBe(70);
    expect(server.resyncs).toBe(1);
    expect(c.seq).toBe(7);
  });

  it('refuses a malicious patch path and resyncs', async () => {
    const server = await scriptedServer();
    const c = client(server.url);
    await expect.poll(() => c.getStatus()).toBe('connected');
    server.sockets[0].emit('core:patch', {
      seq: 1,
      patches: [{ op: 'add', path: ['__proto__', 'polluted'], value: true }],
    });
    await expect.poll(() => server.resyncs).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('resolves dispatch on an ok ack and rejects with EventError on an error ack', async () => {
    const server = await scriptedServer();
    server.onEvent = (message, socket) =>
      socket.emit(
        'core:ack',
        message.name === 'bad'
          ? { id: message.id, ok: false, error: { code: 'UNKNOWN_HANDLER', message: 'no such handler' } }
          : { id: message.id, ok: true },
      );
    const c = client(server.url);
    await c.dispatch({ state: 's', name: 'good', payload: 1 });
    const failure = await c.dispatch({ state: 's', name: 'bad', payload: undefined }).catch((e) => e);
    expect(failure).toBeInstanceOf(EventError);
    expect(failure).toMatchObject({ code: 'UNKNOWN_HANDLER', message: 'no such handler' });
    expect(server.events.map((e) => [e.name, e.payload])).toEqual([
      ['good', 1],
      ['bad', undefined],
    ]);
  });

  it('keeps a newer state when a hydrate read before an update it already applied arrives after it', async () => {
    const server = await scriptedServer();
    server.hydrate = () => ({ token: 'tok', seq: 4, epoch: 'e1', state: { s: { n: 4 } } });
    const c = client(server.url);
    await expect.poll(() => c.getStatus()).toBe('connected');
    server.sockets[0].emit('core:patch', {
      seq: 5,
      epoch: 'e1',
      patches: [{ op: 'replace', path: ['s', 'n'], value: 5 }],
    });
    await expect.poll(() => c.seq).toBe(5);
    // The stale hydrate (seq 4) overtaken by that patch: the page keeps seq 5 and n = 5.
    server.sockets[0].emit('core:hydrate', { token: 'tok', seq: 4, epoch: 'e1', state: { s: { n: 4 } } });
    server.sockets[0].emit('core:patch', {
      seq: 6,
      epoch: 'e1',
      patches: [{ op: 'replace', path: ['s', 'n'], value: 6 }],
    });
    await expect.poll(() => c.seq).toBe(6);
    expect(c.getState()).toEqual({ s: { n: 6 } });
  });

  it('keeps its newer tab state when a join’s hydrate (with shared documents) arrives after the tab’s next update', async () => {
    const server = await scriptedServer();
    const app = { '@app': { seq: 2, epoch: 'a1', states: ['app'] } };
    server.hydrate = () => ({ token: 'tok', seq: 4, epoch: 'e1', shared: app, state: { s: { n: 4 }, app: { c: 1 } } });
    const c = client(server.url);
    await expect.poll(() => c.getStatus()).toBe('connected');
    server.sockets[0].emit('core:patch', {
      seq: 5,
      epoch: 'e1',
      patches: [{ op: 'replace', path: ['s', 'n'], value: 5 }],
    });
    await expect.poll(() => c.seq).toBe(5);
    // The join's hydrate, read at seq 4, brings the room; the tab's seq 5 overtook it.
    server.sockets[0].emit('core:hydrate', {
      token: 'tok',
      seq: 4,
      epoch: 'e1',
      shared: { ...app, '@room:r': { seq: 3, epoch: 'r1', states: ['room'] } },
      state: { s: { n: 4 }, app: { c: 1 }, room: { m: 3 } },
    });
    await expect.poll(() => c.getState()?.room).toEqual({ m: 3 });
    expect(c.getState()?.s.n).toBe(5);
    expect(c.seq).toBe(5);
    // Both documents go on from where the page stands.
    server.sockets[0].emit('core:patch', {
      seq: 6,
      epoch: 'e1',
      patches: [{ op: 'replace', path: ['s', 'n'], value: 6 }],
    });
    server.sockets[0].emit('core:patch', {
      seq: 4,
      epoch: 'r1',
      source: '@room:r',
      patches: [{ op: 'replace', path: ['room', 'm'], value: 4 }],
    });
    await expect.poll(() => c.getState()).toEqual({ s: { n: 6 }, app: { c: 1 }, room: { m: 4 } });
    expect(server.resyncs).toBe(0);
  });

  it('queues events while disconnected and sends each once after reconnecting, in order', async () => {
    const server = await scriptedServer();
    const c = client(server.url);
    await expect.poll(() => c.getStatus()).toBe('connected');
    server.sockets[0].disconnect(true); // the server ends the session; the client comes back
    await expect.poll(() => c.getStatus()).toBe('reconnecting');
    const sent = [1, 2, 3].map((n) => c.dispatch({ state: 's', name: 'inc', payload: n }));
    await Promise.all(sent);
    expect(server.events.map((e) => e.payload)).toEqual([1, 2, 3]);
    expect(new Set(server.events.map((e) => e.id)).size).toBe(3);
    expect(c.getStatus()).toBe('connected');
  });

  it('takes the update that carries an event’s id as its ack (one message per event)', async () => {
    const server = await scriptedServer();
    server.onEvent = (message, socket) =>
      socket.emit('core:patch', {
        seq: 1,
        patches: [{ op: 'replace', path: ['s', 'n'], value: 1 }],
        eventId: message.id,
      });
    const c = client(server.url);
    await c.dispatch({ state: 's', name: 'inc', payload: undefined });
    expect(c.getState()?.s.n).toBe(1);
  });

  it('shows a handshake the server refuses (its store is down) as reconnecting and retries it until it succeeds', async () => {
    const server = await scriptedServer();
    server.refuse = 2; // the first page load during an outage
    const c = client(server.url);
    const seen = new Set<string>();
    c.subscribe(() => seen.add(c.getStatus()));
    await expect.poll(() => c.getStatus(), { timeout: 10_000 }).toBe('connected');
    expect(seen).toContain('reconnecting');
    expect(server.refuse).toBe(0);
    // The same after a drop: the server comes back refusing once, then accepts.
    server.refuse = 1;
    server.sockets[0].disconnect(true);
    // socket.io waits about a second before reconnecting: allow for a loaded machine.
    await expect.poll(() => server.refuse, { timeout: 10_000 }).toBe(0);
    expect(c.getStatus()).toBe('reconnecting');
    await expect.poll(() => c.getStatus(), { timeout: 10_000 }).toBe('connected');
    expect(server.sockets.filter((socket) => socket.connected)).toHaveLength(1);
  });
});
