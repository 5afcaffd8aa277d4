import { createApp, defineState, isStateError } from '@core/state';
import type { ErrorReport } from '@core/state/internal';
import { describe, expect, it } from 'vitest';

interface Node {
  name: string;
  self?: Node;
}

const Store = defineState('store', {
  vars: { rows: [] as unknown[], count: 0, _cache: null as unknown },
  computed: { size: (s) => s.rows.length },
  events: {
    storeBigInt(s) {
      s.count += 1;
      s.rows.push({ id: 10n });
    },
    storeCycle(s) {
      s.count += 1;
      const node: Node = { name: 'a' };
      node.self = node;
      s.rows.push(node);
    },
    storeDate(s) {
      s.count += 1;
      s._cache = new Date(0);
    },
    storeUndefined(s) {
      s.count += 1;
      s.rows.push(undefined);
    },
    *yieldThenBigInt(s) {
      s.count = 1;
      yield;
      s.count = 2;
      s.rows = [1n];
    },
    storeRow(s, row: unknown) {
      s.rows.push(row);
    },
  },
});

describe('state holds JSON data only (a BigInt or a cycle used to kill the server when sent)', () => {
  for (const [name, pattern] of [
    ['storeBigInt', /"store\.rows\.0\.id" is a BigInt \(10n\)/],
    ['storeCycle', /"store\.rows\.0\.self" refers back to itself/],
    ['storeDate', /"store\._cache" is a Date object/],
    ['storeUndefined', /"store\.rows\.0" is undefined \(use null\)/],
  ] as const) {
    it(`refuses ${name} as HANDLER_ERROR, keeps nothing of the step and sends nothing`, async () => {
      const app = createApp({ states: [Store] });
      const updates: unknown[] = [];
      const errors: ErrorReport[] = [];
      app.subscribe(
        't',
        (update) => updates.push(update),
        (error) => errors.push(error),
      );
      const failure = await app.dispatch('t', { state: 'store', name, payload: undefined }).catch((e: unknown) => e);
      expect(isStateError(failure, 'HANDLER_ERROR')).toBe(true);
      expect((failure as Error).message).toMatch(pattern);
      expect(updates).toEqual([]);
      expect(errors.map((e) => e.code)).toEqual(['HANDLER_ERROR']);
      expect(await app.snapshot('t')).toEqual({ store: { rows: [], count: 0, size: 0 } });
      // The token goes on working.
      await app.dispatch('t', Store.storeRow({ ok: true }));
      expect((await app.snapshot('t')).store).toEqual({ rows: [{ ok: true }], count: 0, size: 1 });
    });
  }

  it('keeps what a generator committed before the step that stored a BigInt', async () => {
    const app = createApp({ states: [Store] });
    const failure = await app.dispatch('t', Store.yieldThenBigInt()).catch((e: unknown) => e);
    expect(isStateError(failure, 'HANDLER_ERROR')).toBe(true);
    expect((await app.snapshot('t')).store.count).toBe(1);
  });
});
