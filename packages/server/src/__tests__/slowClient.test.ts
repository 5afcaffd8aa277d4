import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer } from '@core/server';
import { createApp, defineState, silentLogger } from '@core/state';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, type TestClient } from './socketClient.js';

const Feed = defineState('feed', {
  vars: { version: 0, blob: '', counted: 0 },
  events: {
    count(s) {
      s.counted += 1;
    },
    publish(s, version: number) {
      s.version = version;
      s.blob = `${version}:${'x'.repeat(20_000)}`; // big updates fill a stalled page's buffers fast
    },
  },
});

const cwd = mkdtempSync(path.join(os.tmpdir(), 'core-slow-client-'));
let server: CoreServer | undefined;
let client: TestClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
});

/**
 * A server with `maxBufferedPackets: 16` (logging to `logger`) and a page connected to it; `tcp`
 * pauses and resumes the page's reading, `writeBuffer` counts what the server has waiting for it.
 */
async function pageOnServer(logger = silentLogger) {
  const app = createApp({ states: [Feed] }); // the server's logger
  server = createServer({ app, cwd, secret: 'slow-client-secret-0123', logger, maxBufferedPackets: 16 });
  const { url } = await server.listen(0);
  client = await connectClient(url);
  const { token } = await client.firstHydrate;
  const serverSocket = [...server.io.sockets.sockets.values()][0];
  const writeBuffer = () => (serverSocket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
  const tcp = (client.socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } })
    .ws._socket;
  return { app, client, token, writeBuffer, tcp };
}

describe('a burst of updates to a page that cannot keep up', () => {
  it('is coalesced: the server buffers a bounded number of packets, then sends one fresh hydrate', async () => {
    const { app, client, token, writeBuffer, tcp } = await pageOnServer();
    // The page stops reading (a slow network, a frozen tab).
    tcp.pause();
    let maxBuffered = 0;
    for (let version = 1; version <= 600; version++) {
      await app.dispatch(token, Feed.publish(version));
      maxBuffered = Math.max(maxBuffered, writeBuffer());
    }
    expect(maxBuffered).toBeLessThanOrEqual(17); // the threshold, plus the hydrate at most

    tcp.resume();
    await expect.poll(() => client.hydrates.at(-1)?.state.feed.version, { timeout: 15_000 }).toBe(600);
    // Far fewer messages than updates reached the page, and it ended exactly where the server is.
    expect(client.patches.length).toBeLessThan(600);
    expect(client.hydrates.length).toBeGreaterThanOrEqual(2);
    await app.dispatch(token, Feed.publish(601));
    await expect.poll(() => client.patches.at(-1)?.seq).toBe(601);
  });

  it('that sends events while it does not read is not read past the bound, and gets every ack once it reads again', async () => {
    const warnings: string[] = [];
    const { app, client, token, writeBuffer, tcp } = await pageOnServer({
      ...silentLogger,
      warn: (message: string) => void warnings.push(message),
    });
    tcp.pause();
    // Big updates, each given a turn to be written, fill the network's buffers, then the server's
    // write buffer (it stays full once the network takes no more).
    for (let version = 1; writeBuffer() < 16 && version <= 5_000; version++) {
      await app.dispatch(token, Feed.publish(version));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(writeBuffer()).toBeGreaterThanOrEqual(16);
    const socket = client.socket;
    const acks = Array.from({ length: 5_000 }, (_, i) =>
      socket.timeout(30_000).emitWithAck('core:event', { id: `c${i}`, state: 'feed', name: 'count' }),
    );
    // The server stops reading at once (the rest of the network read it is in is still handled).
    await expect.poll(() => warnings.length).toBe(1);
    const counted = (await app.snapshot(token)).feed.counted as number;
    expect(counted).toBeLessThan(2_000);
    expect(writeBuffer()).toBeLessThanOrEqual(16 + 1 + counted); // the bound, the hydrate, the acks of one read

    tcp.resume();
    expect(await Promise.all(acks)).toEqual(acks.map(() => ({ ok: true })));
    expect((await app.snapshot(token)).feed.counted).toBe(5_000);
    expect(warnings).toHaveLength(1); // logged once per socket, however often it was paused
  });
});
