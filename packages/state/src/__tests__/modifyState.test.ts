import { createApp, defineState, isStateError } from '@core/state';
import { resolveApp } from '@core/state/internal';
import type { StateUpdate } from '@core/state/types';
import { describe, expect, it } from 'vitest';
import { NO_ROOMS } from '../testing/noRooms.js';
import { deferred } from './helpers.js';

const Load = defineState('load', {
  vars: { loading: false, rows: [] as string[] },
  events: {
    start(s) {
      s.loading = true;
    },
  },
});

describe('app.modifyState', () => {
  it('locks, refreshes, commits and sends for arbitrary async code', async () => {
    const app = createApp({ states: [Load] });
    const updates: StateUpdate[] = [];
    app.subscribe('t', (u) => updates.push(u));
    await app.dispatch('t', Load.start());
    const rows = await Promise.resolve(['a', 'b']);
    const result = await app.modifyState('t', async (tx) => {
      const s = await tx.get(Load);
      expect(s.loading).toBe(true); // refreshed: sees the handler's write
      s.rows = rows;
      s.loading = false;
      return s.rows.length;
    });
    expect(result).toBe(2);
    expect(updates.at(-1)).toEqual({
      seq: 2,
      patches: [
        { op: 'replace', path: ['load', 'rows'], value: ['a', 'b'] },
        { op: 'replace', path: ['load', 'loading'], value: false },
      ],
    });
  });

  it('waits for a running handler (same lock) and keeps nothing when it throws', async () => {
    const gate = deferred();
    const entered = deferred();
    const S = defineState('slow', {
      vars: { log: [] as string[] },
      events: {
        async hold(s) {
          entered.resolve();
          await gate.promise;
          s.log.push('handler');
        },
      },
    });
    const app = createApp({ states: [S] });
    const handler = app.dispatch('t', S.hold());
    await entered.promise;
    const modified = app.modifyState('t', async (tx) => {
      (await tx.get(S)).log.push('modify');
    });
    gate.resolve();
    await Promise.all([handler, modified]);
    expect((await app.snapshot('t')).slow.log).toEqual(['handler', 'modify']);

    await expect(
      app.modifyState('t', async (tx) => {
        (await tx.get(S)).log.push('lost');
        throw new Error('nope');
      }),
    ).rejects.toThrow('nope');
    expect((await app.snapshot('t')).slow.log).toEqual(['handler', 'modify']);
  });

  it('refuses to take the lock again inside its own block instead of deadlocking', async () => {
    const app = createApp({ states: [Load] });
    await expect(app.modifyState('t', () => app.modifyState('t', () => 1))).rejects.toSatisfy((e) =>
      isStateError(e, 'REENTRANT_LOCK'),
    );
    // Another token is fine from inside a block.
    await app.modifyState('t', () => app.modifyState('other', async (tx) => ((await tx.get(Load)).loading = true)));
    expect((await app.snapshot('other')).load.loading).toBe(true);
  });

  it('is what the seed’s low-level example uses: a handler starts work that writes later', async () => {
    const done = deferred();
    const Low = defineState('low', {
      vars: { loading: false, data: '' },
      events: {
        fetchLater(s, _: void, ctx) {
          s.loading = true;
          void (async () => {
            const data = await Promise.resolve('payload');
            await ctx.app.modifyState(ctx.token, async (tx) => {
              const state = await tx.get(Low);
              state.data = data;
              state.loading = false;
            });
            done.resolve();
          })();
        },
      },
    });
    const app = createApp({ states: [Low] });
    await app.dispatch('t', Low.fetchLater());
    await done.promise;
    expect((await app.snapshot('t')).low).toEqual({ loading: false, data: 'payload' });
  });
});

describe('a duplicated tab (a page opened with copyFrom)', () => {
  it('gives a new token a copy of another’s state that then goes its own way', async () => {
    const app = createApp({ states: [Load] });
    const port = resolveApp(app);
    await app.dispatch('original', Load.start());
    await port.open('duplicate', { copyFrom: 'original' }, NO_ROOMS).ready;
    expect(await app.snapshot('duplicate')).toEqual(await app.snapshot('original'));
    await app.modifyState('duplicate', async (tx) => {
      (await tx.get(Load)).rows = ['only in the duplicate'];
    });
    expect((await app.snapshot('original')).load.rows).toEqual([]);
  });
});
