import net from 'node:net';
import { createRedisStateManager } from '@core/server/redis';
import { isStateError } from '@core/state';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from './redisServer.js';
import { counterDoc, useManagers } from './redisTestKit.js';

const redis = useRedisServer();
const unavailable = { code: 'STORE_UNAVAILABLE' };

describe.skipIf(!redis)('RedisStateManager when Redis is away', () => {
  const kit = useManagers(redis);

  it('rejects at creation, naming the URL, when nothing listens there', async () => {
    const port = await closedPort();
    const creation = createRedisStateManager({ url: `redis://127.0.0.1:${port}` });
    await expect(creation).rejects.toMatchObject(unavailable);
    await expect(creation).rejects.toThrow(`redis://127.0.0.1:${port}`);
  });

  it('close() rejects pending lock() calls and refuses later calls', async () => {
    const holderManager = await kit.manager();
    const closing = await kit.manager();
    const t = kit.token();
    const holder = await holderManager.lock(t);
    const waiting = expect(closing.lock(t)).rejects.toMatchObject({ code: 'APP_CLOSED' });
    await closing.close();
    await waiting;
    await expect(closing.lock(t)).rejects.toMatchObject({ code: 'APP_CLOSED' });
    await expect(closing.get(t)).rejects.toMatchObject({ code: 'APP_CLOSED' });
    await holder.release();
  });

  it.skipIf(!redis?.owned)(
    'fails promptly with STORE_UNAVAILABLE while Redis is down, and works again once it is back',
    async () => {
      // A re-check of a minute: the waiter must not depend on it to fail promptly.
      const manager = await kit.manager({ recheckInterval: 60_000 });
      const other = await kit.manager({ recheckInterval: 60_000 });
      const t = kit.token();
      const holder = await manager.lock(t);
      const waiter = manager.lock(t);
      waiter.catch(() => {}); // asserted below
      await redis?.stop();
      const stopped = Date.now();
      await expect(manager.get(t)).rejects.toMatchObject(unavailable);
      await expect(manager.lock(kit.token())).rejects.toMatchObject(unavailable);
      await expect(holder.release(counterDoc(1))).rejects.toMatchObject(unavailable);
      await expect(waiter).rejects.toMatchObject(unavailable);
      await expect(manager.delete(t)).rejects.toThrow(/unreachable.*REDIS_URL/);
      expect(Date.now() - stopped).toBeLessThan(2_000);

      await redis?.start();
      await expect
        .poll(
          () =>
            manager.get(t).then(
              () => 'up',
              (error) => (isStateError(error) ? error.code : error),
            ),
          {
            interval: 50,
            timeout: 10_000,
          },
        )
        .toBe('up');
      // The restarted server kept nothing (no persistence): the token starts afresh.
      const lease = await manager.lock(t);
      expect(lease.doc).toBeUndefined();
      // The other process waits and is woken through its re-subscribed channel (or its
      // reconnect wake-up), not through the minute-long re-check.
      const next = other.lock(t);
      await lease.release(counterDoc(2));
      expect((await next).doc).toEqual(counterDoc(2));
      await (await next).release();
    },
  );
});

/** A port on which nothing listens: bound, then closed again. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
