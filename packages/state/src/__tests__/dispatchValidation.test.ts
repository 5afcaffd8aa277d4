import { createApp, createEventSpec, defineState, isStateError } from '@core/state';
import { describe, expect, it } from 'vitest';

const S = defineState('guarded', {
  vars: { n: 0, _audit: 0 },
  events: {
    inc(s) {
      s.n += 1;
    },
    _internal(s) {
      s._audit += 1;
    },
  },
  background: {
    async _cleanup() {},
  },
});

describe('dispatch validation', () => {
  const raw = (state: unknown, name: unknown) => ({ state, name, payload: undefined }) as never;

  it('rejects unknown states and handlers with a clear error and changes nothing', async () => {
    const app = createApp({ states: [S] });
    for (const [event, code, pattern] of [
      [raw('nope', 'inc'), 'UNKNOWN_STATE', /Unknown state "nope"/],
      [raw('guarded', 'missing'), 'UNKNOWN_HANDLER', /has no handler "missing"/],
      // Names that exist on every object must not reach a handler lookup.
      [raw('guarded', 'constructor'), 'UNKNOWN_HANDLER', /constructor/],
      [raw('guarded', '__proto__'), 'UNKNOWN_HANDLER', /__proto__/],
      [raw('guarded', 'toString'), 'UNKNOWN_HANDLER', /toString/],
      [raw(42, 'inc'), 'INVALID_EVENT', /must be an object/],
      [null as never, 'INVALID_EVENT', /must be an object/],
    ] as const) {
      await expect(app.dispatch('t', event, { origin: 'client' })).rejects.toSatisfy(
        (e) => isStateError(e, code) && pattern.test((e as Error).message),
      );
    }
    expect(await app.snapshot('t')).toEqual({ guarded: { n: 0 } });
  });

  it('refuses backend-only handlers from the page but allows them on the server', async () => {
    const app = createApp({ states: [S] });
    await expect(
      app.dispatch('t', createEventSpec('guarded', '_internal', undefined), { origin: 'client' }),
    ).rejects.toSatisfy((e) => isStateError(e, 'FORBIDDEN_HANDLER'));
    await expect(app.dispatch('t', S._cleanup(), { origin: 'client' })).rejects.toSatisfy((e) =>
      isStateError(e, 'FORBIDDEN_HANDLER'),
    );
    await app.dispatch('t', S._internal());
    await app.modifyState('t', async (tx) => {
      expect((await tx.get(S))._audit).toBe(1);
    });
  });

  it('accepts a plain (unbranded) event object as a page sends it', async () => {
    const app = createApp({ states: [S] });
    await app.dispatch('t', { state: 'guarded', name: 'inc', payload: null }, { origin: 'client' });
    expect((await app.snapshot('t')).guarded.n).toBe(1);
  });

  it('throws a clear error when a handler or task is called directly', () => {
    expect(() => (S.events.inc as () => void)()).toThrow(/called directly.*dispatch guarded\.inc/);
    expect(() => (S.background._cleanup as () => void)()).toThrow(/called directly/);
    expect(() => (S.inc as (...a: unknown[]) => unknown)({}, 1)).toThrow(/takes one payload argument/);
    try {
      (S.events.inc as () => void)();
    } catch (error) {
      expect(isStateError(error, 'DIRECT_CALL')).toBe(true);
    }
  });

  it('refuses malformed definitions', () => {
    expect(() => defineState('bad name', { vars: {} })).toThrow(/State name "bad name" is invalid/);
    expect(() => defineState('x', { vars: { when: new Date() } })).toThrow(/var "when" is a Date object/);
    expect(() => defineState('x', { vars: { n: undefined } })).toThrow(/var "n" is undefined \(use null\)/);
    expect(() => defineState('x', { vars: { a: 1 }, events: { a() {} } })).toThrow(
      /declares "a" in both vars and events/,
    );
    expect(() => defineState('x', { vars: {}, events: { name() {} } })).toThrow(/reserved/);
    const A = defineState('dup', { vars: {} });
    expect(() => createApp({ states: [A, defineState('dup', { vars: {} })] })).toThrow(/Two states are named "dup"/);
  });

  it('rejects ctx.get of a state the app does not serve', async () => {
    const Outside = defineState('outside', { vars: {} });
    const T = defineState('getter', {
      vars: {},
      events: {
        async bad(_s, _: void, ctx) {
          await ctx.get(Outside);
        },
      },
    });
    const app = createApp({ states: [T] });
    await expect(app.dispatch('t', T.bad())).rejects.toThrow(/not part of this app/);
  });
});
