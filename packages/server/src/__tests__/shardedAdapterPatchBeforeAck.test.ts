import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CoreServer, createServer } from '@core/server';
import { createRedisScaleOut, type RedisScaleOut } from '@core/server/redis';
import { createApp, defineState, silentLogger } from '@core/state';
import { afterAll, describe, expect, it } from 'vitest';
import { useRedisCluster } from './redisServer.js';
import { connectClient, type TestClient } from './socketClient.js';

// What broke: socket.io's sharded Redis adapter awaits its SPUBLISH before emitting to the sockets
// of its own process, so on a Redis Cluster an event's patch reached the page after the event's
// ack, and a page awaiting the event still showed the old value.
const redis = useRedisCluster();

const Counter = defineState('counter', {
  vars: { n: 0 },
  events: {
    inc(s) {
      s.n += 1;
    },
  },
});

describe.skipIf(!redis)('the sharded adapter on a Redis Cluster', () => {
  const servers: CoreServer[] = [];
  const scaleOuts: RedisScaleOut[] = [];
  const clients: TestClient[] = [];
  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all(servers.map((server) => server.close()));
    await Promise.all(scaleOuts.map((scaleOut) => scaleOut.close()));
  });

  it("delivers an event's patch to its page before the event's ack", async () => {
    const scaleOut = await createRedisScaleOut({
      cluster: { rootNodes: redis?.rootNodes ?? [] },
      keyPrefix: 'ack-order:',
    });
    scaleOuts.push(scaleOut);
    const app = createApp({ states: [Counter], stateManager: scaleOut.stateManager, logger: silentLogger });
    const server = createServer({
      app,
      secret: 'test-secret-0123456789',
      cwd: mkdtempSync(path.join(os.tmpdir(), 'core-ack-order-')),
      logger: silentLogger,
      dev: false,
      socket: { adapter: scaleOut.adapter },
    });
    servers.push(server);
    const { url } = await server.listen(0);
    const client = await connectClient(url, { instance: 'page' });
    clients.push(client);
    await client.firstHydrate;
    for (let i = 1; i <= 20; i++) {
      expect(await client.send({ id: `e${i}`, state: 'counter', name: 'inc' })).toEqual({ ok: true });
      // At the ack, the patch that set n to i has arrived already.
      expect(client.patches.at(-1)?.patches).toContainEqual(
        expect.objectContaining({ path: ['counter', 'n'], value: i }),
      );
    }
  });
});
