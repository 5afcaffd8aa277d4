import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer } from '@core/server';
import { type Chain, createApp, defineState, silentLogger } from '@core/state';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, type TestClient } from './socketClient.js';

const Counter = defineState('counter', {
  vars: { n: 0, label: '', _secret: 'backend-only-value', _hits: 0 },
  events: {
    inc(s) {
      s.n += 1;
      s._hits += 1;
      s._secret = `backend-only-value-${s._hits}`;
    },
    setLabel(s, label: string) {
      s.label = label;
    },
    async incLater(s) {
      await Promise.resolve(); // in flight until the next microtask
      s.n += 1;
    },
    fail(): Chain {
      throw new Error('handler exploded');
    },
    _internal(s) {
      s.n = -1;
    },
  },
  background: {
    async countUntilReleased(task) {
      // Counts until the test opens the gate, whichever socket the page is on meanwhile.
      while (!gateOpen) {
        await task.modify((s) => {
          s.n += 1;
        });
        await new Promise((r) => setTimeout(r, 5));
      }
    },
  },
});

let gateOpen = false;

const cwd = mkdtempSync(path.join(os.tmpdir(), 'core-server-test-'));
const servers: CoreServer[] = [];
const clients: TestClient[] = [];

async function start(options: { maxPayloadBytes?: number; dev?: boolean; maxEventsInFlight?: number } = {}) {
  const app = createApp({ states: [Counter], logger: silentLogger });
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

async function connect(url: string, auth?: { token?: string; instance?: string }) {
  const client = await connectClient(url, auth);
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('@core/server', () => {
  it('issues a signed token on first visit and hydrates the public state only', async () => {
    const { url } = await start();
    const client = await connect(url);
    const hydrate = await client.firstHydrate;
    expect(hydrate.token).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(hydrate.seq).toBe(0);
    expect(hydrate.state).toEqual({ counter: { n: 0, label: '' } });
  });

  it('runs events with an ack and streams patches in seq order to the token’s room', async () => {
    const { url } = await start();
    const client = await connect(url);
    const { token } = await client.firstHydrate;
    const second = await connect(url, { token, instance: 'same-tab' });
    // The first client sent no page instance, so another socket with its token counts as another tab.
    expect((await second.firstHydrate).token).not.toBe(token); // first client has no instance: treated as another tab
    const a = await client.send({ id: 'e1', state: 'counter', name: 'inc' });
    const b = await client.send({ id: 'e2', state: 'counter', name: 'setLabel', payload: 'hi' });
    expect([a, b]).toEqual([{ ok: true }, { ok: true }]);
    await expect.poll(() => client.patches.length).toBe(2);
    expect(client.patches.map((p) => p.seq)).toEqual([1, 2]);
    expect(client.patches[1].patches).toEqual([{ op: 'replace', path: ['counter', 'label'], value: 'hi' }]);
  });

  it('never sends backend vars in any frame', async () => {
    const { url } = await start({ dev: true });
    const client = await connect(url);
    await client.firstHydrate;
    for (let i = 0; i < 3; i++) await client.send({ id: `e${i}`, state: 'counter', name: 'inc' });
    await client.send({ id: 'f', state: 'counter', name: 'fail' });
    await expect.poll(() => client.patches.length).toBe(3);
    const wire = JSON.stringify([client.hydrates, client.patches, client.errors, client.frames]);
    expect(wire).not.toContain('_secret');
    expect(wire).not.toContain('backend-only-value');
    expect(wire).not.toContain('_hits');
  });

  it('answers bad input with an error ack and changes nothing', async () => {
    const { url, app } = await start({ maxPayloadBytes: 1_000 });
    const client = await connect(url);
    const { token } = await client.firstHydrate;
    const cases: [unknown, RegExp][] = [
      ['not an object', /must be an object/],
      [[1, 2], /must be an object/],
      [{ state: 'counter', name: 'inc' }, /string id/],
      [{ id: 'x1', state: 'nope', name: 'inc' }, /Unknown state "nope"/],
      [{ id: 'x2', state: 'counter', name: 'missing' }, /has no handler "missing"/],
      [{ id: 'x3', state: 'counter', name: '_internal' }, /backend-only/],
      [{ id: 'x4', state: 'counter', name: 'constructor' }, /has no handler "constructor"/],
      [{ id: 'x5', state: 'counter', name: 'setLabel', payload: 'x'.repeat(1_500) }, /over the limit of 1000/],
    ];
    for (const [message, pattern] of cases) {
      const ack = await client.send(message);
      expect(ack.ok, JSON.stringify(message).slice(0, 60)).toBe(false);
      if (!ack.ok) expect(ack.error.message).toMatch(pattern);
    }
    expect(await app.snapshot(token)).toEqual({ counter: { n: 0, label: '' } });
    // The connection survived all of it.
    expect(await client.send({ id: 'ok', state: 'counter', name: 'inc' })).toEqual({ ok: true });
  });

  it('reports a failing handler to the page and goes on serving', async () => {
    const { url } = await start();
    const client = await connect(url);
    await client.firstHydrate;
    const ack = await client.send({ id: 'f1', state: 'counter', name: 'fail' });
    // Reported once, by the event's ack (not a second time as core:error).
    expect(ack).toMatchObject({ ok: false, error: { code: 'HANDLER_ERROR', handler: 'counter.fail' } });
    expect(JSON.stringify(ack)).not.toContain('exploded'); // production: no handler message
    expect(client.errors).toEqual([]);
    expect(await client.send({ id: 'f2', state: 'counter', name: 'inc' })).toEqual({ ok: true });
  });

  it('does not run a resent event twice (same id after a lost ack)', async () => {
    const { url, app } = await start();
    const client = await connect(url);
    const { token } = await client.firstHydrate;
    await client.send({ id: 'dup', state: 'counter', name: 'inc' });
    await client.send({ id: 'dup', state: 'counter', name: 'inc' });
    expect((await app.snapshot(token)).counter.n).toBe(1);
  });

  it('keeps a valid token, replaces a forged one, and copies the state for a duplicated tab', async () => {
    const { url, app } = await start();
    const first = await connect(url, { instance: 'tab-1' });
    const { token } = await first.firstHydrate;
    await first.send({ id: 'a', state: 'counter', name: 'inc' });

    const forged = await connect(url, { token: `${token.split('.')[0]}.forgedsignature`, instance: 'tab-x' });
    const forgedHydrate = await forged.firstHydrate;
    expect(forgedHydrate.token).not.toBe(token);
    expect(forgedHydrate.state.counter.n).toBe(0);

    const duplicate = await connect(url, { token, instance: 'tab-2' });
    const dupHydrate = await duplicate.firstHydrate;
    expect(dupHydrate.token).not.toBe(token);
    expect(dupHydrate.state.counter.n).toBe(1); // a copy of the original...
    await duplicate.send({ id: 'b', state: 'counter', name: 'inc' });
    expect((await app.snapshot(token)).counter.n).toBe(1); // ...that goes its own way
    expect((await app.snapshot(dupHydrate.token)).counter.n).toBe(2);

    // The same page instance reconnecting while its old socket lingers keeps its token.
    const again = await connect(url, { token, instance: 'tab-1' });
    expect((await again.firstHydrate).token).toBe(token);
    // And a reload after the old page closed keeps it too.
    first.close();
    again.close();
    await expect.poll(async () => (await servers[0].io.in(token).fetchSockets()).length).toBe(0);
    const reloaded = await connect(url, { token, instance: 'tab-1-reloaded' });
    expect((await reloaded.firstHydrate).token).toBe(token);
    expect((await reloaded.firstHydrate).state.counter.n).toBe(1);
  });

  it('answers a resync with a fresh hydrate', async () => {
    const { url } = await start();
    const client = await connect(url);
    await client.firstHydrate;
    await client.send({ id: 'a', state: 'counter', name: 'inc' });
    const resync = await client.socket.timeout(5_000).emitWithAck('core:resync');
    expect(resync).toMatchObject({ seq: 1, state: { counter: { n: 1 } } });
  });

  it('serves a health endpoint', async () => {
    const { url } = await start();
    const body = await new Promise<string>((resolve, reject) => {
      request(`${url}/healthz`, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(text));
      })
        .on('error', reject)
        .end();
    });
    expect(JSON.parse(body)).toEqual({ ok: true, tasks: 0 });
  });
});

describe('events without a socket.io ack (what the browser client sends)', () => {
  it('are acknowledged by the update that ends the handler, or by core:ack when nothing changed or it failed', async () => {
    const { url } = await start();
    const client = await connect(url);
    await client.firstHydrate;
    const acks: unknown[] = [];
    client.socket.on('core:ack', (message: unknown) => acks.push(message));
    client.socket.emit('core:event', { id: 'u1', state: 'counter', name: 'setLabel', payload: 'x' });
    await expect.poll(() => client.patches.length).toBe(1);
    expect(client.patches[0]).toMatchObject({ seq: 1, eventId: 'u1' });
    client.socket.emit('core:event', { id: 'u2', state: 'counter', name: 'setLabel', payload: 'x' }); // no change
    client.socket.emit('core:event', { id: 'u3', state: 'counter', name: 'fail' });
    client.socket.emit('core:event', { id: 'u4', state: 'counter', name: 'nope' });
    await expect.poll(() => acks.length).toBe(3);
    // An unknown handler is refused before it is queued, so the acks may come in any order.
    acks.sort((a, b) => String((a as { id: string }).id).localeCompare((b as { id: string }).id));
    expect(acks).toEqual([
      { id: 'u2', ok: true },
      { id: 'u3', ok: false, error: expect.objectContaining({ code: 'HANDLER_ERROR' }) },
      { id: 'u4', ok: false, error: expect.objectContaining({ code: 'UNKNOWN_HANDLER' }) },
    ]);
    expect(client.patches).toHaveLength(1); // u1's ack was its update: no separate message
  });
});

describe('a page that floods the server with events', () => {
  it('gets OVERLOADED for events beyond the in-flight limit; the rest run and nothing else changes', async () => {
    const { url, app } = await start({ maxEventsInFlight: 5 });
    const client = await connect(url);
    const { token } = await client.firstHydrate;
    // An event that waits stays in flight (a plain synchronous one ends inside its socket callback).
    const acks = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.send({ id: `f${i}`, state: 'counter', name: 'incLater' })),
    );
    const refused = acks.filter((ack) => !ack.ok);
    expect(refused.length).toBeGreaterThan(0);
    for (const ack of refused) if (!ack.ok) expect(ack.error.code).toBe('OVERLOADED');
    const ran = acks.length - refused.length;
    expect((await app.snapshot(token)).counter.n).toBe(ran);
    // Once they have finished, the page may send again.
    expect(await client.send({ id: 'after', state: 'counter', name: 'inc' })).toEqual({ ok: true });
  });
});

describe('a background task across a page reconnect', () => {
  it('keeps running, and its later updates reach the page on its new connection', async () => {
    const { url, app } = await start();
    gateOpen = false;
    const first = await connect(url, { instance: 'tab' });
    const { token } = await first.firstHydrate;
    expect(await first.send({ id: 'bg1', state: 'counter', name: 'countUntilReleased' })).toEqual({ ok: true });
    await expect.poll(() => first.patches.length).toBeGreaterThan(2);
    first.close(); // the connection drops; the task goes on

    const again = await connect(url, { token, instance: 'tab' });
    const hydrate = await again.firstHydrate;
    expect(hydrate.token).toBe(token);
    await expect.poll(() => again.patches.length).toBeGreaterThan(2); // updates keep coming
    gateOpen = true;
    await app.idle();
    // What the page applies (updates after its hydrate) follows on without a gap, to the end.
    const final = await app.hydrate(token);
    const applied = () => again.patches.filter((p) => p.seq > hydrate.seq).map((p) => p.seq);
    await expect.poll(applied).toEqual(Array.from({ length: final.seq - hydrate.seq }, (_, i) => hydrate.seq + i + 1));
  });
});
