import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer, type ServerOptions } from '@core/server';
import { type Chain, createApp, defineState, MemoryStateManager, silentLogger } from '@core/state';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, type TestClient } from './socketClient.js';

let release: () => void = () => {};
let gate = Promise.resolve();
const Slow = defineState('slow', {
  vars: { n: 0, big: 'x'.repeat(20_000) },
  events: {
    async wait(s) {
      await gate;
      s.n += 1;
    },
    inc(s): Chain {
      s.n += 1;
    },
  },
});

const cwd = mkdtempSync(path.join(os.tmpdir(), 'core-hardening-'));
const servers: CoreServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  release();
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: Partial<ServerOptions> = {}) {
  const app = createApp({ states: [Slow] });
  const server = createServer({
    app,
    secret: 'test-secret-0123456789',
    cwd,
    logger: silentLogger,
    dev: false,
    ...options,
  });
  servers.push(server);
  const { url } = await server.listen(0);
  return { app, server, url };
}

async function connect(url: string, auth: { token?: string; instance?: string } = {}) {
  const client = await connectClient(url, auth);
  clients.push(client);
  return client;
}

function closeGate(): void {
  gate = new Promise((resolve) => {
    release = resolve;
  });
}

describe('socket hardening', () => {
  it('answers a flood of resyncs with at most maxResyncsPer10s hydrates (it used to answer each one)', async () => {
    // Each hydrate reads the tab's document once (without its lock): count those reads.
    let hydrates = 0;
    const manager = new (class extends MemoryStateManager {
      override get(token: string) {
        if (!token.startsWith('@')) hydrates += 1;
        return super.get(token);
      }
    })();
    const { url } = await start({ maxResyncsPer10s: 5, stateManager: manager });
    const client = await connect(url);
    await client.firstHydrate;
    const before = hydrates;
    for (let i = 0; i < 1_000; i++) client.socket.emit('core:resync', () => {});
    // An acked event after them: the server has read every resync by the time it answers.
    await client.send({ id: 'barrier', state: 'slow', name: 'inc' });
    expect(hydrates - before).toBeGreaterThanOrEqual(1);
    expect(hydrates - before).toBeLessThanOrEqual(5);
  });

  it('answers a resync sent while another is being answered, with the state after it (it used to be dropped)', async () => {
    const { url } = await start();
    const client = await connect(url);
    await client.firstHydrate;
    const first = client.socket.timeout(5_000).emitWithAck('core:resync');
    await client.send({ id: 'between', state: 'slow', name: 'inc' });
    const second = await client.socket.timeout(5_000).emitWithAck('core:resync');
    await first;
    expect(second).toMatchObject({ seq: 1, state: { slow: { n: 1 } } });
  });

  it('counts events in flight per token, so a reconnect does not reset the limit', async () => {
    closeGate();
    const { url } = await start({ maxEventsInFlight: 3 });
    const first = await connect(url, { instance: 'page' });
    const { token } = await first.firstHydrate;
    // Their acks are lost with the dropped socket: only the count matters here.
    const pending = [0, 1, 2].map((i) => first.send({ id: `w${i}`, state: 'slow', name: 'wait' }).catch(() => {}));
    // The same page reconnects (its old socket is dropped; its three events still run).
    const second = await connect(url, { token, instance: 'page' });
    expect((await second.firstHydrate).token).toBe(token);
    const refused = await second.send({ id: 'more', state: 'slow', name: 'inc' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'OVERLOADED' } });
    release();
    await Promise.allSettled(pending);
    await expect.poll(async () => second.send({ id: 'later', state: 'slow', name: 'inc' })).toEqual({ ok: true });
  });

  it('lets exactly one of two simultaneous handshakes with one token keep it', async () => {
    const { url } = await start();
    const owner = await connect(url, { instance: 'a' });
    const { token } = await owner.firstHydrate;
    owner.close();
    await expect.poll(async () => (await servers[0].io.in(token).fetchSockets()).length).toBe(0);
    const [b, c] = await Promise.all([connect(url, { token, instance: 'b' }), connect(url, { token, instance: 'c' })]);
    const tokens = [(await b.firstHydrate).token, (await c.firstHydrate).token];
    expect(tokens.filter((t) => t === token)).toHaveLength(1);
  });

  it('keeps the token with a live tab that answers nothing (a frozen background tab)', async () => {
    const { url } = await start();
    const frozen = await connect(url, { instance: 'frozen' });
    const { token } = await frozen.firstHydrate;
    const duplicate = await connect(url, { token, instance: 'copy' });
    expect((await duplicate.firstHydrate).token).not.toBe(token);
    expect(frozen.socket.connected).toBe(true);
  });

  it('refuses connections beyond maxConnectionsPerIp and new tokens beyond maxNewTokensPerIp', async () => {
    const { url } = await start({ maxConnectionsPerIp: 2, maxNewTokensPerIp: 100 });
    await connect(url);
    await connect(url);
    await expect(connect(url)).rejects.toThrow(/maxConnectionsPerIp/);
    const other = await start({ maxNewTokensPerIp: 2 });
    const a = await connect(other.url);
    await connect(other.url);
    await expect(connect(other.url)).rejects.toThrow(/maxNewTokensPerIp/);
    // A page that has a token still reconnects (a reload, after its old socket closed).
    const { token } = await a.firstHydrate;
    a.close();
    await expect.poll(async () => (await other.server.io.in(token).fetchSockets()).length).toBe(0);
    const again = await connect(other.url, { token, instance: 'x' });
    expect((await again.firstHydrate).token).toBe(token);
  });

  it('trusts X-Forwarded-For only with trustProxy', async () => {
    const budget = { maxConnectionsPerIp: 1 };
    const trusting = await start({ ...budget, trustProxy: true });
    const headers = (ip: string) => ({ extraHeaders: { 'x-forwarded-for': `${ip}, 10.0.0.1` } });
    const open = (url: string, ip: string) =>
      new Promise<void>((resolve, reject) => {
        const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...headers(ip) });
        clients.push({ close: () => socket.disconnect() } as unknown as TestClient);
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
    await open(trusting.url, '203.0.113.1');
    await open(trusting.url, '203.0.113.2'); // another client behind the proxy
    const plain = await start(budget);
    await open(plain.url, '203.0.113.1');
    await expect(open(plain.url, '203.0.113.2')).rejects.toThrow(/maxConnectionsPerIp/); // the header is ignored
  });
});
