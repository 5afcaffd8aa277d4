import { LockExpiredError } from '@core/state';
import type { StateLease } from '@core/state/types';
import { describe, expect, it, vi } from 'vitest';
import { useRedisServer } from './redisServer.js';
import { counterDoc, counterOf, useManagers } from './redisTestKit.js';

const redis = useRedisServer();

describe.skipIf(!redis)('RedisStateManager locking', () => {
  const kit = useManagers(redis);

  it('fences a holder whose lease lapsed: its release(doc) is refused and the newer state stands', async () => {
    const stalled = await kit.manager({ lockLease: 200 });
    const next = await kit.manager({ lockLease: 200 });
    const t = kit.token();
    // Take the lock with intervals on a fake clock that never ticks: the holder's renewal timer
    // never fires, as in a process stalled past its lease.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let old: StateLease;
    try {
      old = await stalled.lock(t);
    } finally {
      vi.useRealTimers();
    }
    // The lock lapses by PX; the other process's re-check takes it.
    const newer = await next.lock(t);
    await newer.release(counterDoc(2));
    await expect(old.release(counterDoc(1))).rejects.toBeInstanceOf(LockExpiredError);
    expect(await stalled.get(t)).toEqual(counterDoc(2));
    expect(await next.get(t)).toEqual(counterDoc(2));
  });

  it('releases the lock even when the document cannot be encoded (a BigInt used to leave it renewed forever)', async () => {
    const manager = await kit.manager({ lockLease: 300 });
    const t = kit.token();
    const lease = await manager.lock(t);
    const bad = { ...counterDoc(1), states: { counter: { n: 10n } } } as never;
    await expect(lease.release(bad)).rejects.toThrow(/BigInt/);
    // The lock is free at once (not after the lease lapses, and never renewed): the next holder
    // gets it and finds nothing written.
    const next = await manager.lock(t, { signal: AbortSignal.timeout(250) });
    expect(next.doc).toBeUndefined();
    await next.release(counterDoc(2));
    expect(await manager.get(t)).toEqual(counterDoc(2));
  });

  it('fences save(doc) of a holder whose lock was taken over by another process', async () => {
    const first = await kit.manager();
    const second = await kit.manager();
    const probe = await kit.probe();
    const t = kit.token();
    const old = await first.lock(t);
    await old.save(counterDoc(1));
    // The lock lapsed (as after a failover or a long stall) before the holder's next renewal.
    await probe.del(kit.key('lock', t));
    const newer = await second.lock(t);
    expect(newer.doc).toEqual(counterDoc(1));
    await expect(old.save(counterDoc(9))).rejects.toBeInstanceOf(LockExpiredError);
    await newer.save(counterDoc(2));
    await expect(old.release(counterDoc(9))).rejects.toBeInstanceOf(LockExpiredError);
    await newer.release();
    expect(await first.get(t)).toEqual(counterDoc(2));
  });

  it('marks a lease lost when its renewal finds the lock gone, and hands the lock to the next waiter', async () => {
    // A re-check of a minute: only the lost lease can wake the waiter within the test's time.
    const manager = await kit.manager({ lockLease: 300, recheckInterval: 60_000 });
    const probe = await kit.probe();
    const t = kit.token();
    const holder = await manager.lock(t);
    const waiter = manager.lock(t);
    await probe.del(kit.key('lock', t));
    const lease = await waiter;
    await expect(holder.release(counterDoc(9))).rejects.toBeInstanceOf(LockExpiredError);
    await lease.release(counterDoc(1));
    expect(await manager.get(t)).toEqual(counterDoc(1));
  });

  it('renews the lock while its holder works, so a holder of several leases is not overtaken', async () => {
    const lease = 300;
    const holderManager = await kit.manager({ lockLease: lease });
    const otherManager = await kit.manager({ lockLease: lease });
    const probe = await kit.probe();
    const t = kit.token();
    const holder = await holderManager.lock(t);
    let overtaken = false;
    const other = otherManager.lock(t).then((next) => {
      overtaken = true;
      return next;
    });
    const owners = new Set<string | null>();
    const started = Date.now();
    await expect
      .poll(
        async () => {
          const owner = await probe.get(kit.key('lock', t));
          owners.add(owner === null ? null : String(owner));
          return Date.now() - started;
        },
        { interval: 50, timeout: 10_000 },
      )
      .toBeGreaterThan(5 * lease);
    expect(overtaken).toBe(false);
    expect(owners.size).toBe(1);
    expect(owners.has(null)).toBe(false);
    await holder.release(counterDoc(1));
    const next = await other;
    expect(next.doc).toEqual(counterDoc(1));
    await next.release();
  });

  it('hands the lock between two processes through pub/sub, one holder at a time, with exact totals', async () => {
    // With a re-check of a minute, every hand-over within the test's time came through pub/sub.
    const managers = [await kit.manager({ recheckInterval: 60_000 }), await kit.manager({ recheckInterval: 60_000 })];
    const t = kit.token();
    let holders = 0;
    let maxHolders = 0;
    await Promise.all(
      managers.map(async (manager) => {
        for (let i = 0; i < 50; i++) {
          const lease = await manager.lock(t);
          holders += 1;
          maxHolders = Math.max(maxHolders, holders);
          await manager.get(t); // hold the lock across a round trip, so that the other one waits
          holders -= 1;
          await lease.release(counterDoc(counterOf(lease.doc) + 1));
        }
      }),
    );
    expect(maxHolders).toBe(1);
    expect(counterOf(await managers[0].get(t))).toBe(100);
  });
});
