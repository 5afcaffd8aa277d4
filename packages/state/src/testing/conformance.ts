import { afterEach, describe, expect, it } from 'vitest';
import { StateError } from '../errors.js';
import type { StateManager } from '../managers/index.js';
import type { TokenDoc } from '../scopes/index.js';
import { type ConformanceOptions, replayLogCases } from './replayLogCases.js';

export type { ConformanceOptions };

/**
 * The behaviour every `StateManager` must have, as a Vitest suite. Call it from a test file with a
 * factory that makes a fresh, empty manager.
 *
 * @example
 * runStateManagerConformance('memory', async (options) => new MemoryStateManager(options));
 */
export function runStateManagerConformance(
  name: string,
  create: (options: ConformanceOptions) => Promise<StateManager> | StateManager,
): void {
  describe(`StateManager conformance: ${name}`, () => {
    const managers: StateManager[] = [];
    const make = async (options: ConformanceOptions = {}) => {
      const manager = await create(options);
      managers.push(manager);
      return manager;
    };
    let counter = 0;
    const token = () => `conformance-${Date.now().toString(36)}-${counter++}`;
    const doc = (seq: number, states: TokenDoc['states'] = { s: { n: seq } }): TokenDoc => ({
      seq,
      shape: 'x',
      states,
    });

    afterEach(async () => {
      await Promise.all(managers.splice(0).map((m) => m.close()));
    });

    it('knows nothing of a new token', async () => {
      const manager = await make();
      const t = token();
      expect(await manager.get(t)).toBeUndefined();
      const lease = await manager.lock(t);
      expect(lease.token).toBe(t);
      expect(lease.doc).toBeUndefined();
      await lease.release();
    });

    it('stores the document given to release and returns it to the next holder', async () => {
      const manager = await make();
      const t = token();
      const stored = doc(3, { a: { list: [1, 'é', { deep: null }], flag: true }, b: {} });
      await (await manager.lock(t)).release(stored);
      expect(await manager.get(t)).toEqual(stored);
      const lease = await manager.lock(t);
      expect(lease.doc).toEqual(stored);
      await lease.release();
      expect(await manager.get(t)).toEqual(stored);
    });

    it('save stores while keeping the lock', async () => {
      const manager = await make();
      const t = token();
      const first = await manager.lock(t);
      await first.save(doc(1));
      expect(await manager.get(t)).toEqual(doc(1));
      let secondHeld = false;
      const second = manager.lock(t).then((lease) => {
        secondHeld = true;
        return lease;
      });
      await first.save(doc(2));
      // The lock is still held: the second waiter has not got it after two round trips.
      await manager.get(t);
      expect(secondHeld).toBe(false);
      await first.release();
      const lease = await second;
      expect(lease.doc).toEqual(doc(2));
      await lease.release();
    });

    it('hands the lock to waiters one at a time, first come first served', async () => {
      const manager = await make();
      const t = token();
      const first = await manager.lock(t);
      const order: number[] = [];
      let holders = 0;
      let maxHolders = 0;
      const waiters = [1, 2, 3, 4].map((i) =>
        manager.lock(t).then(async (lease) => {
          holders += 1;
          maxHolders = Math.max(maxHolders, holders);
          order.push(i);
          await manager.get(t);
          holders -= 1;
          await lease.release(doc(i));
        }),
      );
      await first.release(doc(0));
      await Promise.all(waiters);
      expect(order).toEqual([1, 2, 3, 4]);
      expect(maxHolders).toBe(1);
      expect(await manager.get(t)).toEqual(doc(4));
    });

    it('locks different tokens independently', async () => {
      const manager = await make();
      const a = await manager.lock(token());
      const b = await manager.lock(token());
      await Promise.all([a.release(), b.release()]);
    });

    it('gives up waiting when the signal aborts, and the lock keeps working', async () => {
      const manager = await make();
      const t = token();
      const holder = await manager.lock(t);
      const controller = new AbortController();
      const abandoned = manager.lock(t, { signal: controller.signal });
      const next = manager.lock(t);
      controller.abort(new Error('gave up'));
      await expect(abandoned).rejects.toThrow('gave up');
      await holder.release(doc(1));
      const lease = await next;
      expect(lease.doc).toEqual(doc(1));
      await lease.release();
    });

    it('refuses a save after release', async () => {
      const manager = await make();
      const t = token();
      const lease = await manager.lock(t);
      await lease.release(doc(1));
      await expect(lease.save(doc(2))).rejects.toBeInstanceOf(StateError);
      expect(await manager.get(t)).toEqual(doc(1));
    });

    it('release without a document keeps the stored one', async () => {
      const manager = await make();
      const t = token();
      await (await manager.lock(t)).release(doc(5));
      await (await manager.lock(t)).release();
      expect(await manager.get(t)).toEqual(doc(5));
    });

    it('delete forgets the token', async () => {
      const manager = await make();
      const t = token();
      await (await manager.lock(t)).release(doc(1));
      await manager.delete(t);
      expect(await manager.get(t)).toBeUndefined();
      const lease = await manager.lock(t);
      expect(lease.doc).toBeUndefined();
      await lease.release();
    });

    it('rejects at once for a signal already aborted while the lock is held, and the lock keeps working', async () => {
      const manager = await make();
      const t = token();
      const holder = await manager.lock(t);
      const controller = new AbortController();
      controller.abort(new Error('too late'));
      await expect(manager.lock(t, { signal: controller.signal })).rejects.toThrow('too late');
      await holder.release(doc(1));
      const lease = await manager.lock(t);
      expect(lease.doc).toEqual(doc(1));
      await lease.release();
    });

    it('rejects at once for a signal already aborted even when the lock is free, leaving it free', async () => {
      const manager = await make();
      const t = token();
      const controller = new AbortController();
      controller.abort(new Error('never mind'));
      await expect(manager.lock(t, { signal: controller.signal })).rejects.toThrow('never mind');
      const lease = await manager.lock(t);
      await lease.release(doc(2));
      expect(await manager.get(t)).toEqual(doc(2));
    });

    it('keeps the order of the other waiters when one in the middle gives up', async () => {
      const manager = await make();
      const t = token();
      const holder = await manager.lock(t);
      const controller = new AbortController();
      const order: string[] = [];
      const take = (name: string, signal?: AbortSignal) =>
        manager.lock(t, { signal }).then(async (lease) => {
          order.push(name);
          await lease.release(doc(order.length));
        });
      const a = take('a');
      const b = take('b', controller.signal);
      const c = take('c');
      controller.abort(new Error('b gave up'));
      await expect(b).rejects.toThrow('b gave up');
      await holder.release();
      await Promise.all([a, c]);
      expect(order).toEqual(['a', 'c']);
      expect(await manager.get(t)).toEqual(doc(2));
    });

    it('refuses a second release of the same lease', async () => {
      const manager = await make();
      const t = token();
      const lease = await manager.lock(t);
      await lease.release(doc(1));
      await expect(lease.release(doc(2))).rejects.toBeInstanceOf(StateError);
      expect(await manager.get(t)).toEqual(doc(1));
      const next = await manager.lock(t);
      await next.release();
    });

    it('delete while the lock is held forgets the state and keeps the lock', async () => {
      const manager = await make();
      const t = token();
      await (await manager.lock(t)).release(doc(1));
      const holder = await manager.lock(t);
      let secondHeld = false;
      const second = manager.lock(t).then((lease) => {
        secondHeld = true;
        return lease;
      });
      await manager.delete(t);
      expect(await manager.get(t)).toBeUndefined();
      await manager.get(t);
      expect(secondHeld).toBe(false);
      await holder.release();
      const lease = await second;
      expect(lease.doc).toBeUndefined();
      await lease.release();
    });

    it('forgets a token unused for longer than tokenExpiration', async () => {
      const manager = await make({ tokenExpiration: 1_000 });
      const t = token();
      await (await manager.lock(t)).release(doc(1));
      expect(await manager.get(t)).toEqual(doc(1));
      await expect.poll(() => manager.get(t), { timeout: 5_000, interval: 100 }).toBeUndefined();
    });

    it('keeps a touched token past tokenExpiration (a page is still connected to it)', async () => {
      const manager = await make({ tokenExpiration: 600 });
      if (!manager.touch) return expect(manager.touch).toBeUndefined(); // a manager without expiry
      const kept = token();
      const dropped = token();
      await (await manager.lock(kept)).release(doc(1));
      await (await manager.lock(dropped)).release(doc(2));
      // Touch one of the two every 150 ms until the other has expired.
      const timer = setInterval(() => void manager.touch?.([kept]), 150);
      try {
        await expect.poll(() => manager.get(dropped), { timeout: 5_000, interval: 100 }).toBeUndefined();
        expect(await manager.get(kept)).toEqual(doc(1));
      } finally {
        clearInterval(timer);
      }
    });

    it('keeps the app-wide document past tokenExpiration, unless appExpiration is set', async () => {
      const never = await make({ tokenExpiration: 500 });
      const dropped = token();
      const app = '@app';
      await (await never.lock(app)).release(doc(1));
      await (await never.lock(dropped)).release(doc(2)); // written after the app's document
      await expect.poll(() => never.get(dropped), { timeout: 5_000, interval: 100 }).toBeUndefined();
      expect(await never.get(app)).toEqual(doc(1));

      const expiring = await make({ tokenExpiration: 60_000, appExpiration: 500 });
      await (await expiring.lock(app)).release(doc(3));
      await expect.poll(() => expiring.get(app), { timeout: 5_000, interval: 100 }).toBeUndefined();
    });

    describe('replay log', () => replayLogCases({ make, token, doc }));
  });
}

export { runAppTaskLeaseConformance } from './appTaskLeaseSemantics.js';
export { runHandlerPresenceConformance } from './handlerPresenceSemantics.js';
export { runPresenceConformance } from './presenceSemantics.js';
export type { ProcessLeaseFactory, ProcessLeaseOptions } from './processHarness.js';
export { runScopeConformance } from './scopeSemantics.js';
export { runStepSemanticsConformance } from './stepSemantics.js';
export type { TaskLifecycleOptions } from './taskLifecycle.js';
export { runTaskLifecycleConformance } from './taskLifecycle.js';
