import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from './redisServer.js';
import { counterDoc, counterOf, useManagers } from './redisTestKit.js';

const redis = useRedisServer();

const operation = fc.record({
  manager: fc.nat(2),
  kind: fc.constantFrom('increment', 'save-then-release', 'abandon'),
});

describe.skipIf(!redis)('RedisStateManager under random interleavings', () => {
  const kit = useManagers(redis);

  it('keeps one holder at a time and exact totals across three processes, with abandoned waits', async () => {
    const managers = [await kit.manager(), await kit.manager(), await kit.manager()];
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 24 }), async (operations) => {
        const t = kit.token();
        let holders = 0;
        let maxHolders = 0;
        await Promise.all(
          operations.map(async ({ manager: index, kind }) => {
            const manager = managers[index];
            if (kind === 'abandon') {
              // Give up after a round trip: the waiter may be queued, mid-attempt or already served.
              const controller = new AbortController();
              const waiting = manager.lock(t, { signal: controller.signal });
              await manager.get(t);
              controller.abort(new Error('abandoned'));
              const lease = await waiting.catch(() => undefined);
              await lease?.release();
              return;
            }
            const lease = await manager.lock(t);
            holders += 1;
            maxHolders = Math.max(maxHolders, holders);
            let n = counterOf(lease.doc) + 1;
            if (kind === 'save-then-release') {
              await lease.save(counterDoc(n));
              n += 1;
            }
            holders -= 1;
            await lease.release(counterDoc(n));
          }),
        );
        const expected = operations.reduce(
          (sum, { kind }) => sum + (kind === 'increment' ? 1 : kind === 'save-then-release' ? 2 : 0),
          0,
        );
        expect(maxHolders).toBeLessThanOrEqual(1);
        expect(counterOf(await managers[0].get(t))).toBe(expected);
      }),
      { numRuns: 25 },
    );
  });
});
