import { createApp, defineState, isStateError } from '@core/state';
import type { ErrorReport } from '@core/state/internal';
import type { StateUpdate } from '@core/state/types';
import { describe, expect, it } from 'vitest';
import { useRedisServer } from './redisServer.js';
import { useManagers } from './redisTestKit.js';

const redis = useRedisServer();

const Account = defineState('account', {
  vars: { balance: 0 },
  events: {
    async slowDeposit(s, amount: number) {
      await gate.promise;
      s.balance += amount;
    },
    deposit(s, amount: number) {
      s.balance += amount;
    },
  },
});

let gate = deferred();

describe.skipIf(!redis)('a handler that lost its lock (app level, Redis)', () => {
  const kit = useManagers(redis);

  it('is fenced: its write is refused, nothing is sent to the page, the newer state stands', async () => {
    gate = deferred();
    const stalled = createApp({ states: [Account], stateManager: await kit.manager() });
    const other = createApp({ states: [Account], stateManager: await kit.manager() });
    const token = kit.token();
    await stalled.dispatch(token, Account.deposit(1));
    const updates: StateUpdate[] = [];
    const errors: ErrorReport[] = [];
    stalled.subscribe(
      token,
      (u) => updates.push(u),
      (e) => errors.push(e),
    );

    const slow = stalled.dispatch(token, Account.slowDeposit(100));
    const probe = await kit.probe();
    await expect.poll(() => probe.exists(kit.key('lock', token))).toBe(1);
    // The lock lapses under the handler (a failover, a stall past the lease): another process
    // takes it and commits.
    await probe.del(kit.key('lock', token));
    await other.dispatch(token, Account.deposit(10));
    gate.resolve();

    await expect(slow).rejects.toSatisfy((e) => isStateError(e, 'LOCK_EXPIRED'));
    expect(updates).toEqual([]); // the refused write reached no page
    expect(errors).toEqual([expect.objectContaining({ code: 'LOCK_EXPIRED', handler: 'account.slowDeposit' })]);
    expect((await other.snapshot(token)).account.balance).toBe(11);
    expect((await stalled.snapshot(token)).account.balance).toBe(11);
    // The fenced app goes on serving.
    await stalled.dispatch(token, Account.deposit(1));
    expect((await other.snapshot(token)).account.balance).toBe(12);
  });
});

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
