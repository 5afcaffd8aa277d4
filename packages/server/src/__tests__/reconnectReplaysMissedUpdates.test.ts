import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CoreClient } from '@core/react';
import { type CoreServer, createServer } from '@core/server';
import { createRedisStateManager } from '@core/server/redis';
import { type App, createApp, defineState, MemoryStateManager, type StateManager, silentLogger } from '@core/state';
import type { AnyStateDefinition } from '@core/state/types';
import { afterEach, describe, expect, it } from 'vitest';
import { useRedisServer } from './redisServer.js';
import { connectClient } from './socketClient.js';

// A page that reconnects (or finds a gap) used to get the whole state again; now it says which
// update it applied last and gets only what it missed, when the replay log still holds it.
const List = defineState('list', {
  vars: { items: Array.from({ length: 10_000 }, (_, i) => `item ${i}`), n: 0 },
  events: {
    bump(s) {
      s.n += 1;
      s.items[s.n] = `changed ${s.n}`;
    },
  },
});

/** An app-wide document every tab shows beside its own. */
const Visits = defineState('visits', {
  scope: 'app',
  vars: { count: 0 },
  events: {
    visit(s) {
      s.count += 1;
    },
  },
});

const redis = useRedisServer();
const cwd = mkdtempSync(path.join(os.tmpdir(), 'core-replay-'));
const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

async function start(
  stateManager: StateManager,
  states: AnyStateDefinition[] = [List],
): Promise<{ server: CoreServer; url: string; app: App }> {
  const app = createApp({ states, stateManager });
  const server = createServer({ app, secret: 'test-secret-0123456789', cwd, logger: silentLogger, dev: false });
  opened.push(server);
  const { url } = await server.listen(0);
  return { server, url, app };
}

function storage() {
  const map = new Map<string, string>();
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
  };
}

const bump = { state: 'list', name: 'bump', payload: undefined };

describe('catching up by replay', () => {
  it('answers a reconnect that missed two updates with those two patches, not a hydrate', async () => {
    const { url, app } = await start(new MemoryStateManager());
    const first = await connectClient(url, { instance: 'page-1' });
    const { token } = await first.firstHydrate;
    expect((await first.send({ id: 'page-1-0', ...bump })).ok).toBe(true);
    const applied = first.patches.at(-1);
    first.close();
    await app.dispatch(token, bump);
    await app.dispatch(token, bump);

    const again = await connectClient(url, { token, instance: 'page-1', seq: applied?.seq, epoch: applied?.epoch });
    await expect.poll(() => again.replays.length).toBe(1);
    expect(again.hydrates).toEqual([]);
    expect(again.replays[0]).toMatchObject({ token, epoch: applied?.epoch });
    expect(again.replays[0].updates.map((u) => u.seq)).toEqual([2, 3]);
    const bytes = again.frames.reduce((sum, frame) => sum + frame.length, 0);
    expect(bytes).toBeLessThan(1_000); // the hydrate of this state is ~120 kB
    again.close();
  });

  it('hydrates when the log no longer holds the gap, the epoch differs or the page says nothing', async () => {
    const { url, app } = await start(new MemoryStateManager({ replayLog: { updates: 1 } }));
    const first = await connectClient(url, { instance: 'page-1' });
    const { token } = await first.firstHydrate;
    await first.send({ id: 'page-1-0', ...bump });
    const epoch = first.patches.at(-1)?.epoch;
    first.close();
    await app.dispatch(token, bump);
    await app.dispatch(token, bump);
    for (const auth of [{ seq: 1, epoch }, { seq: 2, epoch: 'other' }, {}]) {
      const page = await connectClient(url, { token, instance: 'page-1', ...auth });
      const hydrate = await page.firstHydrate;
      expect(hydrate.seq).toBe(3);
      expect(page.replays).toEqual([]);
      page.close();
    }
  });

  it('answers a resync that says where the page stands with a replay', async () => {
    const { url, app } = await start(new MemoryStateManager());
    const page = await connectClient(url, { instance: 'page-1' });
    const { token } = await page.firstHydrate;
    await page.send({ id: 'page-1-0', ...bump });
    const epoch = page.patches.at(-1)?.epoch ?? '';
    await app.dispatch(token, bump);
    const answer = await page.socket.timeout(5_000).emitWithAck('core:resync', { seq: 1, epoch });
    expect(answer).toMatchObject({ token, epoch, updates: [{ seq: 2 }] });
    const hydrate = await page.socket.timeout(5_000).emitWithAck('core:resync', { seq: 1, epoch: 'nope' });
    expect(hydrate).toMatchObject({ token, seq: 2 });
    page.close();
  });

  it.skipIf(!redis)(
    'lets another process replay what a page missed, from the log Redis keeps beside the document',
    async () => {
      const prefix = `replay:${Date.now()}:`;
      const a = await start(await createRedisStateManager({ url: redis?.url, keyPrefix: prefix }));
      const b = await start(await createRedisStateManager({ url: redis?.url, keyPrefix: prefix }));
      const first = await connectClient(a.url, { instance: 'page-1' });
      const { token } = await first.firstHydrate;
      await first.send({ id: 'page-1-0', ...bump });
      const applied = first.patches.at(-1);
      first.close();
      for (let i = 0; i < 3; i++) await a.app.dispatch(token, bump);

      // The same page comes back, on the other process.
      const page = await connectClient(b.url, { token, instance: 'page-1', seq: applied?.seq, epoch: applied?.epoch });
      await expect.poll(() => page.replays.length).toBe(1);
      expect(page.replays[0].updates.map((u) => u.seq)).toEqual([2, 3, 4]);
      const patches = page.replays[0].updates.at(-1)?.patches;
      expect(patches).toHaveLength(2);
      expect(patches).toEqual(
        expect.arrayContaining([
          { op: 'replace', path: ['list', 'n'], value: 4 },
          { op: 'replace', path: ['list', 'items', 4], value: 'changed 4' },
        ]),
      );
      expect(page.hydrates).toEqual([]);
      page.close();
    },
  );

  it('brings a CoreClient that was offline back to exactly the server state, each update applied once', async () => {
    const { server, url, app } = await start(new MemoryStateManager());
    const client = new CoreClient({ url, storage: storage() });
    opened.push(client);
    await expect.poll(() => client.getStatus()).toBe('connected');
    await client.dispatch(bump);
    const token = client.token as string;
    server.io.disconnectSockets(true);
    await expect.poll(() => client.getStatus()).toBe('reconnecting');
    for (let i = 0; i < 5; i++) await app.dispatch(token, bump);
    const queued = client.dispatch(bump); // sent once, after the catch-up
    await queued;
    expect(client.getState()).toEqual(await app.snapshot(token));
    expect(client.seq).toBe(7);
  });

  it('replays a shared document the tab shows beside its own, each update applied once', async () => {
    const { server, url, app } = await start(new MemoryStateManager(), [List, Visits]);
    const client = new CoreClient({ url, storage: storage() });
    opened.push(client);
    await expect.poll(() => client.getStatus()).toBe('connected');
    await client.dispatch(bump);
    await client.dispatch({ state: 'visits', name: 'visit', payload: undefined });
    const token = client.token as string;
    const frames: string[] = [];
    server.io.on('connection', (socket) => {
      socket.conn.on('packetCreate', (packet: { data?: unknown }) => frames.push(String(packet.data)));
    });
    server.io.disconnectSockets(true);
    await expect.poll(() => client.getStatus()).toBe('reconnecting');
    await app.dispatch(token, bump);
    await app.dispatch(token, Visits.visit());
    await app.dispatch('another-tab', Visits.visit());
    await expect.poll(() => client.getStatus(), { timeout: 10_000 }).toBe('connected');
    expect(client.getState()).toEqual(await app.snapshot(token));
    expect(client.getState()?.visits.count).toBe(3);
    expect(frames.some((f) => f.includes('core:replay'))).toBe(true);
    expect(frames.some((f) => f.includes('core:hydrate'))).toBe(false);
    // Live updates of both documents keep flowing after the replay.
    await app.dispatch('another-tab', Visits.visit());
    await expect.poll(() => client.getState()?.visits.count).toBe(4);
  });
});
