import type { TokenDoc } from '@core/state/internal';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from './redisServer.js';
import { useManagers } from './redisTestKit.js';

const redis = useRedisServer();

const big = { rows: Array.from({ length: 2_000 }, (_, i) => `row ${i}`) };
const doc = (seq: number, small: number, large = big): TokenDoc => ({
  seq,
  shape: 'x',
  states: { small: { n: small }, large },
});

describe.skipIf(!redis)('how the Redis manager stores documents', () => {
  const kit = useManagers(redis);

  it('writes only the states a commit changed (a state unchanged is the same object, not re-sent)', async () => {
    const manager = await kit.manager();
    const t = kit.token();
    const first = doc(1, 1);
    await (await manager.lock(t)).release(first);
    const lines = await kit.monitor();
    const lease = await manager.lock(t);
    const next: TokenDoc = { ...first, seq: 2, states: { ...first.states, small: { n: 2 } } };
    await lease.release(next);
    await expect.poll(() => lines.some((l) => l.includes('"HSET"') && l.includes(kit.prefix()))).toBe(true);
    const hset = lines.find((l) => l.includes('"HSET"') && l.includes(kit.prefix())) ?? '';
    expect(hset).toContain('"s:small"');
    expect(hset).not.toContain('"s:large"');
    expect(hset.length).toBeLessThan(400); // not the 2,000 rows
    expect(await manager.get(t)).toEqual(next);
  });

  it('loads nothing when this process wrote last, and the newer document when another one did', async () => {
    const a = await kit.manager();
    const b = await kit.manager();
    const t = kit.token();
    await (await a.lock(t)).release(doc(1, 1));
    const lines = await kit.monitor();
    const again = await a.lock(t); // a wrote last: its lock script sends back only the version
    expect(again.doc).toEqual(doc(1, 1));
    await again.release();
    const marker = `marker-${kit.token()}`;
    const probe = await kit.probe();
    await probe.get(marker);
    await expect.poll(() => lines.some((l) => l.includes(marker))).toBe(true);
    expect(lines.some((l) => l.includes('"HGETALL"') && l.includes(kit.prefix()))).toBe(false);

    await (await b.lock(t)).release(doc(2, 20));
    const fresh = await a.lock(t);
    expect(fresh.doc).toEqual(doc(2, 20));
    await fresh.release();
  });

  it('does not trust its cache for a token that expired and was created again elsewhere', async () => {
    const a = await kit.manager();
    const b = await kit.manager();
    const t = kit.token();
    await (await a.lock(t)).release(doc(1, 1));
    const probe = await kit.probe();
    await probe.del(kit.key('state', t)); // as if it expired
    await (await b.lock(t)).release(doc(1, 99));
    const lease = await a.lock(t);
    expect(lease.doc).toEqual(doc(1, 99));
    await lease.release();
  });

  it('removes states a document no longer has', async () => {
    const manager = await kit.manager();
    const t = kit.token();
    await (await manager.lock(t)).release(doc(1, 1));
    const withoutLarge: TokenDoc = { seq: 2, shape: 'y', states: { small: { n: 1 } } };
    await (await manager.lock(t)).release(withoutLarge);
    expect(await manager.get(t)).toEqual(withoutLarge);
    const probe = await kit.probe();
    expect(await probe.hExists(kit.key('state', t), 's:large')).toBe(0);
  });

  it('gives every write its own version, also across leases of one kept lock', async () => {
    const manager = await kit.manager();
    const probe = await kit.probe();
    const t = kit.token();
    const versions: string[] = [];
    for (let n = 1; n <= 3; n++) {
      // Back to back: the second and third lock() take the kept lock up again under the same owner.
      await (await manager.lock(t)).release(doc(n, n));
      versions.push(String(await probe.hGet(kit.key('state', t), 'v')));
    }
    expect(new Set(versions).size).toBe(3);
  });
});
