import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer } from '@core/server';
import { createApp, defineState, silentLogger } from '@core/state';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, type TestClient } from './socketClient.js';

const Feed = defineState('feed', {
  vars: { version: 0, blob: '' },
  events: {
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

describe('a burst of updates to a page that cannot keep up', () => {
  it('is coalesced: the server buffers a bounded number of packets, then sends one fresh hydrate', async () => {
    const app = createApp({ states: [Feed], logger: silentLogger });
    server = createServer({
      app,
      cwd,
      secret: 'slow-client-secret-0123',
      logger: silentLogger,
      maxBufferedPackets: 16,
    });
    const { url } = await server.listen(0);
    client = await connectClient(url);
    const { token } = await client.firstHydrate;
    const serverSocket = [...server.io.sockets.sockets.values()][0];
    const writeBuffer = () => (serverSocket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;

    // The page stops reading (a slow network, a frozen tab).
    const tcp = (client.socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } })
      .ws._socket;
    tcp.pause();
    let maxBuffered = 0;
    for (let version = 1; version <= 600; version++) {
      await app.dispatch(token, Feed.publish(version));
      maxBuffered = Math.max(maxBuffered, writeBuffer());
    }
    expect(maxBuffered).toBeLessThanOrEqual(17); // the threshold, plus the hydrate at most

    tcp.resume();
    await expect.poll(() => client?.hydrates.at(-1)?.state.feed.version, { timeout: 15_000 }).toBe(600);
    // Far fewer messages than updates reached the page, and it ended exactly where the server is.
    expect(client.patches.length).toBeLessThan(600);
    expect(client.hydrates.length).toBeGreaterThanOrEqual(2);
    await app.dispatch(token, Feed.publish(601));
    await expect.poll(() => client?.patches.at(-1)?.seq).toBe(601);
  });
});
