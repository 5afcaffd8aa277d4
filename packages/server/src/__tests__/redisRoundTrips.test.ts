import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from './redisServer.js';
import { counterDoc, useManagers } from './redisTestKit.js';

const redis = useRedisServer();

describe.skipIf(!redis)('RedisStateManager round trips', () => {
  const kit = useManagers(redis);

  it('takes two round trips for an uncontended lock() and release(doc)', async () => {
    // A long linger: on a loaded machine the kept lock's hand-back could otherwise land before the marker.
    const manager = await kit.manager({ lockLinger: 60_000 });
    const t = kit.token();
    const lockKey = kit.key('lock', t);
    const monitor = await kit.probe();
    const probe = await kit.probe();
    // MONITOR reports every command in execution order; commands run inside a Lua script are
    // tagged "[<db> lua]", so the others are exactly what went over the wire.
    const lines: string[] = [];
    await monitor.monitor((line) => lines.push(String(line)));

    const lease = await manager.lock(t);
    expect(lease.doc).toBeUndefined();
    await lease.release(counterDoc(1));

    const marker = `marker-${randomUUID()}`;
    await probe.get(marker);
    await expect.poll(() => lines.some((line) => line.includes(marker)), { interval: 20 }).toBe(true);
    const isScript = (line: string) => /\[\d+ lua\]/.test(line);
    // Everything of this test's keys that reached Redis since MONITOR started (with REDIS_URL,
    // other test files may share the server).
    const ours = lines.filter((line) => line.includes(kit.prefix()));
    const sent = ours.filter((line) => !isScript(line));
    expect(sent.map((line) => line.match(/\] "(\w+)"/)?.[1]?.toLowerCase())).toEqual(['evalsha', 'evalsha']);
    expect(sent.every((line) => line.includes(lockKey))).toBe(true);
    // Inside them: take the lock and read the state's version; check the owner, store, and (nobody
    // waits) keep the lock a little for this process's next event of the token. A new document
    // starts its replay log empty (DEL, HDEL).
    const inScripts = ours.filter(isScript).map((line) => line.match(/\] "(\w+)"/)?.[1]?.toUpperCase());
    expect(inScripts).toEqual(['SET', 'HGET', 'GET', 'HSET', 'PEXPIRE', 'DEL', 'HDEL', 'EXISTS', 'PEXPIRE']);
    expect(await manager.get(t)).toEqual(counterDoc(1));
  });
});
