import { RedisStateManager } from '@core/server/redis';
import { createApp, defineState, isStateError } from '@core/state';
import { describe, expect, it } from 'vitest';
import { freePort, useRedisServer } from './redisServer.js';
import { useManagers } from './redisTestKit.js';

const redis = useRedisServer();

const Counter = defineState('lazy', {
  vars: { n: 0 },
  events: {
    inc(s) {
      s.n += 1;
    },
  },
});

describe.skipIf(!redis)('new RedisStateManager(options)', () => {
  const kit = useManagers(redis);

  it('connects on first use, so it can be passed straight to createApp', async () => {
    const manager = new RedisStateManager({ url: redis?.url, keyPrefix: kit.prefix() });
    const app = createApp({ states: [Counter], stateManager: manager });
    const token = kit.token();
    await app.dispatch(token, Counter.inc());
    await app.dispatch(token, Counter.inc());
    expect((await app.snapshot(token)).lazy.n).toBe(2);
    const probe = await kit.probe();
    expect(await probe.exists(kit.key('state', token))).toBe(1);
    await app.close();
  });

  it('reports an unreachable Redis on the first call, with the fix', async () => {
    const manager = new RedisStateManager({ url: `redis://127.0.0.1:${await freePort()}` });
    const app = createApp({ states: [Counter], stateManager: manager });
    await expect(app.dispatch('t', Counter.inc())).rejects.toSatisfy(
      (e) => isStateError(e, 'STORE_UNAVAILABLE') && /start Redis|REDIS_URL/.test((e as Error).message),
    );
    await app.close();
  });
});
