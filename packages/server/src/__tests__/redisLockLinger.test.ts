import { randomUUID } from 'node:crypto';
import type { TokenDoc } from '@core/state/internal';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from './redisServer.js';
import { useManagers } from './redisTestKit.js';

const redis = useRedisServer();
const doc = (n: number): TokenDoc => ({ seq: n, shape: 'x', states: { c: { n } } });

describe.skipIf(!redis)('a released lock kept for this process’s next event (lockLinger)', () => {
  const kit = useManagers(redis);

  it('lets the token’s next local event take it with no round trip', async () => {
    const manager = await kit.manager({ lockLinger: 60_000 }); // no expiry of the kept lock under a loaded machine
    const t = kit.token();
    const monitor = await kit.probe();
    const lines: string[] = [];
    await monitor.monitor((line) => lines.push(String(line)));
    await (await manager.lock(t)).release(doc(1));
    const again = await manager.lock(t);
    expect(again.doc).toEqual(doc(1));
    await again.release(doc(2));
    const marker = `marker-${randomUUID()}`;
    await (await kit.probe()).get(marker);
    await expect.poll(() => lines.some((line) => line.includes(marker))).toBe(true);
    // Up to the marker, sent right after the second release: the kept lock is let go only later,
    // when the linger ends, off the path of any event.
    const upToMarker = lines.slice(
      0,
      lines.findIndex((line) => line.includes(marker)),
    );
    const sent = upToMarker.filter((line) => line.includes(kit.prefix()) && !/\[\d+ lua\]/.test(line));
    // lock, release (kept), lock (no round trip), release: three scripts, not four.
    expect(sent.filter((line) => line.toLowerCase().includes('"evalsha"'))).toHaveLength(3);
    expect(await manager.get(t)).toEqual(doc(2));
  });

  it('hands a kept lock to another process as soon as it asks, not when the linger ends', async () => {
    const keeper = await kit.manager({ lockLinger: 600_000 }); // only the wanted message can free it
    const other = await kit.manager({ recheckInterval: 600_000 }); // and only pub/sub can wake this
    const t = kit.token();
    await (await keeper.lock(t)).release(doc(1));
    const lease = await other.lock(t);
    expect(lease.doc).toEqual(doc(1));
    await lease.release(doc(2));
    const back = await keeper.lock(t); // its cache is stale now: it loads the newer document
    expect(back.doc).toEqual(doc(2));
    await back.release();
  });

  it('gives a reused kept lock the full lease: a handler that stalls past a second is not fenced', async () => {
    const manager = await kit.manager({ lockLease: 10_000 });
    const probe = await kit.probe();
    const t = kit.token();
    await (await manager.lock(t)).release(doc(1));
    expect(await probe.pTTL(kit.key('lock', t))).toBeGreaterThan(5_000); // kept, with the lease
    const reused = await manager.lock(t); // the kept lock, no round trip
    expect(reused.doc).toEqual(doc(1));
    stallEventLoop(1_500); // a synchronous handler: no timer (no renewal) runs meanwhile
    await reused.release(doc(2)); // not fenced
    expect(await manager.get(t)).toEqual(doc(2));
  });

  it('releases at once with lockLinger: 0', async () => {
    const manager = await kit.manager({ lockLinger: 0 });
    const probe = await kit.probe();
    const t = kit.token();
    await (await manager.lock(t)).release(doc(1));
    expect(await probe.exists(kit.key('lock', t))).toBe(0);
  });
});

/** Blocks the event loop for `ms`, as a CPU-bound handler does (a stall, not a wait). */
function stallEventLoop(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy
  }
}
