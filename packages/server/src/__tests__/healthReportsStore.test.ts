import { randomUUID } from 'node:crypto';
import { type CoreServer, createServer } from '@core/server';
import { createRedisScaleOut, type RedisScaleOut } from '@core/server/redis';
import { createApp, defineState, type StateManager, silentLogger } from '@core/state';
import { afterEach, describe, expect, it } from 'vitest';
import { useRedisServer } from './redisServer.js';

/**
 * Issue 23 item 10: `/healthz` said ok while Redis was down, and answered any method. It now
 * reports the state manager's health and answers GET and HEAD only.
 */

const Counter = defineState('counter', { vars: { n: 0 }, events: {} });
const servers: CoreServer[] = [];
const scaleOuts: RedisScaleOut[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(scaleOuts.splice(0).map((scaleOut) => scaleOut.close()));
});

async function start(stateManager?: StateManager) {
  const server = createServer({
    app: createApp({ states: [Counter], logger: silentLogger, stateManager }),
    secret: 'health-secret-0123456789',
    logger: silentLogger,
    dev: false,
  });
  servers.push(server);
  return (await server.listen(0)).url;
}

async function health(url: string, method = 'GET') {
  const response = await fetch(`${url}/healthz`, { method });
  const text = await response.text();
  return {
    status: response.status,
    body: text && method !== 'HEAD' ? JSON.parse(text) : text,
    headers: response.headers,
  };
}

describe('GET /healthz', () => {
  it('answers GET and HEAD only: 405 with Allow for POST and the rest', async () => {
    const url = await start();
    expect(await health(url)).toMatchObject({ status: 200, body: { ok: true, tasks: 0 } });
    const head = await health(url, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const refused = await fetch(`${url}/healthz`, { method });
      expect(refused.status).toBe(405);
      expect(refused.headers.get('allow')).toBe('GET, HEAD');
    }
  });

  it("reports a state manager's bad health with 503, ok: false and its reason; one without health() is healthy", async () => {
    let answer: { ok: true } | { ok: false; reason: string } = { ok: false, reason: 'The store is on fire.' };
    const base = createApp({ states: [Counter] }).stateManager;
    const manager: StateManager = Object.assign(Object.create(base), { health: async () => answer });
    const url = await start(manager);
    expect(await health(url)).toMatchObject({ status: 503, body: { ok: false, reason: 'The store is on fire.' } });
    answer = { ok: true };
    expect(await health(url)).toMatchObject({ status: 200, body: { ok: true } });
  });
});

const redis = useRedisServer();

describe.skipIf(!redis?.owned)('GET /healthz with Redis', () => {
  it('is 503 within 3 s of Redis stopping, and healthy again within 10 s of its return', async () => {
    const scaleOut = await createRedisScaleOut({ url: redis?.url, keyPrefix: `health:${randomUUID()}:` });
    scaleOuts.push(scaleOut);
    const url = await start(scaleOut.stateManager);
    expect(await health(url)).toMatchObject({ status: 200, body: { ok: true } });

    await redis?.stop();
    const stopped = Date.now();
    await expect.poll(async () => (await health(url)).status, { interval: 100, timeout: 3_000 }).toBe(503);
    expect(Date.now() - stopped).toBeLessThan(3_000);
    const down = await health(url);
    expect(down.body).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/state store \(Redis\) is unavailable/),
    });
    // The reason is public: it names no host or port.
    expect(down.body.reason).not.toContain(String(new URL(redis?.url ?? '').port));

    await redis?.start();
    const back = Date.now();
    await expect.poll(async () => (await health(url)).status, { interval: 200, timeout: 10_000 }).toBe(200);
    expect(Date.now() - back).toBeLessThan(10_000);
  });
});
