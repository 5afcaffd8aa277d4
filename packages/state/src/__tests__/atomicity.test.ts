import { createApp, defineState, isStateError } from '@core/state';
import type { ErrorReport } from '@core/state/internal';
import type { StateUpdate } from '@core/state/types';
import { describe, expect, it } from 'vitest';

const Counter = defineState('counter', {
  vars: { n: 0, items: [] as string[], _secret: 'hunter2' },
  events: {
    add(s, by: number) {
      s.n += by;
    },
    failAfterWrites(s) {
      s.n = 999;
      s.items.push('lost');
      s._secret = 'changed';
      throw new Error(`boom with ${s._secret}`);
    },
    async failAsync(s) {
      s.n = 500;
      await Promise.resolve();
      throw new TypeError('async boom');
    },
    *steps(s) {
      s.n = 1;
      yield;
      s.n = 2;
      yield;
      s.n = 3;
      throw new Error('third step fails');
    },
    async *stableView(s) {
      s.items.push('a');
      yield;
      s.items.push('b'); // the same `s` after a yield still writes the current draft
      yield;
      s.n = s.items.length;
    },
    writeUndeclared(s) {
      (s as Record<string, unknown>).typo = 1;
    },
  },
});

function collect(app: ReturnType<typeof createApp>, token: string) {
  const updates: StateUpdate[] = [];
  const errors: ErrorReport[] = [];
  app.subscribe(
    token,
    (u) => updates.push(u),
    (e) => errors.push(e),
  );
  return { updates, errors };
}

describe('atomic handlers', () => {
  it('keeps no change of a handler that throws, sends only an error, and goes on serving', async () => {
    const app = createApp({ states: [Counter] });
    await app.dispatch('t', Counter.add(1));
    const { updates, errors } = collect(app, 't');
    const failed = app.dispatch('t', Counter.failAfterWrites());
    await expect(failed).rejects.toSatisfy((e) => isStateError(e, 'HANDLER_ERROR'));
    expect(updates).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'HANDLER_ERROR', handler: 'counter.failAfterWrites' });
    expect(await app.snapshot('t')).toEqual({ counter: { n: 1, items: [] } });
    // The backend var was rolled back too, and the app keeps serving.
    await app.modifyState('t', async (tx) => {
      expect((await tx.get(Counter))._secret).toBe('hunter2');
    });
    await app.dispatch('t', Counter.add(1));
    expect((await app.snapshot('t')).counter.n).toBe(2);
  });

  it('rolls back an async handler that throws after an await', async () => {
    const app = createApp({ states: [Counter] });
    await expect(app.dispatch('t', Counter.failAsync())).rejects.toThrow(/async boom/);
    expect((await app.snapshot('t')).counter.n).toBe(0);
  });

  it('keeps a generator’s changes up to its last yield', async () => {
    const app = createApp({ states: [Counter] });
    const { updates } = collect(app, 't');
    await expect(app.dispatch('t', Counter.steps())).rejects.toThrow(/third step fails/);
    expect((await app.snapshot('t')).counter.n).toBe(2);
    expect(updates.map((u) => u.patches)).toEqual([
      [{ op: 'replace', path: ['counter', 'n'], value: 1 }],
      [{ op: 'replace', path: ['counter', 'n'], value: 2 }],
    ]);
  });

  it('gives a generator a state object that stays usable after each yield', async () => {
    const app = createApp({ states: [Counter] });
    const { updates } = collect(app, 't');
    await app.dispatch('t', Counter.stableView());
    expect((await app.snapshot('t')).counter).toEqual({ n: 2, items: ['a', 'b'] });
    expect(updates.map((u) => u.seq)).toEqual([1, 2, 3]);
  });

  it('sends no stack and no handler message outside development', async () => {
    const app = createApp({ states: [Counter] });
    const { errors } = collect(app, 't');
    await app.dispatch('t', Counter.failAfterWrites()).catch(() => {});
    expect(errors[0].stack).toBeUndefined();
    expect(JSON.stringify(errors[0])).not.toContain('hunter2');
    expect(JSON.stringify(errors[0])).not.toContain('boom');
  });

  it('sends the message and stack in development', async () => {
    const app = createApp({ states: [Counter], dev: true });
    const { errors } = collect(app, 't');
    await app.dispatch('t', Counter.failAsync()).catch(() => {});
    expect(errors[0].message).toContain('async boom');
    expect(errors[0].stack).toContain('TypeError');
  });

  it('refuses a write to an undeclared var, naming the var and the fix', async () => {
    const app = createApp({ states: [Counter] });
    await expect(app.dispatch('t', Counter.writeUndeclared())).rejects.toThrow(/"typo".*not a declared var/);
  });

  it('reports a listener that throws to the logger without breaking the handler or other listeners', async () => {
    const logged: { message: string; details?: Record<string, unknown> }[] = [];
    const record = (message: string, details?: Record<string, unknown>) => logged.push({ message, details });
    const app = createApp({ states: [Counter], logger: { debug() {}, info() {}, warn() {}, error: record } });
    app.subscribe('t', () => {
      throw new Error('bad listener');
    });
    const seen: number[] = [];
    app.subscribe('t', (update) => seen.push(update.seq));
    await app.dispatch('t', Counter.add(1));
    expect((await app.snapshot('t')).counter.n).toBe(1);
    expect(seen).toEqual([1]);
    expect(logged).toHaveLength(1);
    expect(logged[0].message).toBe('A state listener threw');
    expect((logged[0].details as { error: Error }).error.message).toBe('bad listener');
  });
});
