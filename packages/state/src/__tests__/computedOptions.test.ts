import { createApp, defineState } from '@core/state';
import type { StateUpdate } from '@core/state/types';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** The values of state `name` of token `t` as the page sees them. */
async function pageValues(app: ReturnType<typeof createApp>, name: string) {
  return (await app.snapshot('t'))[name];
}

describe('computed vars with explicit dependencies (Reflex: deps, auto_deps)', () => {
  const calls = { count3: 0, dependsOnCount: 0, dependsOnDouble: 0, withDeps: 0 };
  const Counts = defineState('counts', {
    vars: { count: 0, other: 0 },
    computed: {
      double: (s) => s.count * 2,
      // Reads count, but autoDeps: false and no deps: only ctx.recompute (or a new document) recomputes it.
      count3: {
        autoDeps: false,
        fn: (s) => {
          calls.count3 += 1;
          return s.count;
        },
      },
      // Depends on count only, although it reads other too.
      dependsOnCount: {
        deps: ['count'],
        autoDeps: false,
        fn: (s) => {
          calls.dependsOnCount += 1;
          return s.count + s.other;
        },
      },
      // Depends on another computed var.
      dependsOnDouble: {
        deps: ['double'],
        autoDeps: false,
        fn: (s) => {
          calls.dependsOnDouble += 1;
          return s.count * 10;
        },
      },
      // Tracked reads plus a listed var.
      withDeps: {
        deps: ['other'],
        fn: (s) => {
          calls.withDeps += 1;
          return s.count;
        },
      },
    },
    events: {
      increment(s) {
        s.count += 1;
      },
      bumpOther(s) {
        s.other += 1;
      },
      markDirty(_s, name: 'count3' | undefined, ctx) {
        ctx.recompute(Counts, name);
      },
      readInside(s) {
        // A var that recomputes only when told reads as of the last commit inside a handler.
        s.other = s.count3;
      },
    },
  });

  it('recompute only on a listed dependency or when told, as Reflex’s count3 and depends_on_count do', async () => {
    const app = createApp({ states: [Counts] });
    expect(await pageValues(app, 'counts')).toMatchObject({ count3: 0, dependsOnCount: 0, dependsOnDouble: 0 });
    const before = { ...calls };
    await app.dispatch('t', Counts.increment());
    expect(await pageValues(app, 'counts')).toMatchObject({
      count: 1,
      double: 2,
      count3: 0,
      dependsOnCount: 1,
      dependsOnDouble: 10,
      withDeps: 1,
    });
    expect(calls.count3).toBe(before.count3);
    await app.dispatch('t', Counts.bumpOther());
    // `other` is not a dependency of dependsOnCount (autoDeps: false), but is one of withDeps.
    expect(await pageValues(app, 'counts')).toMatchObject({ dependsOnCount: 1, withDeps: 1 });
    expect(calls.dependsOnCount).toBe(before.dependsOnCount + 1);
    expect(calls.withDeps).toBe(before.withDeps + 2);
    await app.dispatch('t', Counts.markDirty('count3'));
    expect(await pageValues(app, 'counts')).toMatchObject({ count3: 1, dependsOnCount: 1 });
    expect(calls.count3).toBe(before.count3 + 1);
    await app.dispatch('t', Counts.increment());
    await app.dispatch('t', Counts.markDirty(undefined));
    expect(await pageValues(app, 'counts')).toMatchObject({ count3: 2, dependsOnCount: 3 });
  });

  it('read as of the last commit inside a handler when they recompute only when told', async () => {
    const app = createApp({ states: [Counts] });
    await app.dispatch('t', Counts.increment());
    await app.dispatch('t', Counts.readInside());
    expect((await pageValues(app, 'counts')).other).toBe(0);
  });

  it('send nothing for a recompute that finds the same value, and refuse to recompute a plain var', async () => {
    const app = createApp({ states: [Counts] });
    const updates: StateUpdate[] = [];
    app.subscribe('t', (update) => updates.push(update));
    await app.dispatch('t', Counts.markDirty('count3'));
    expect(updates).toEqual([]);
    await expect(app.dispatch('t', Counts.markDirty('count' as 'count3'))).rejects.toThrow(
      /Cannot recompute "count" of state "counts": it is not a computed var/,
    );
  });

  it('refuse options that name nothing, an interval that is not a duration, and unknown options', () => {
    expect(() => defineState('d1', { vars: { a: 1 }, computed: { b: { deps: ['nope'], fn: (s) => s.a } } })).toThrow(
      /computed.b.deps names "nope", which is not a var or computed var/,
    );
    expect(() => defineState('d2', { vars: { a: 1 }, computed: { b: { interval: 0, fn: (s) => s.a } } })).toThrow(
      /computed.b.interval is 0; give a number of milliseconds above 0/,
    );
    expect(() =>
      defineState('d3', { vars: { a: 1 }, computed: { b: { fn: (s: { a: number }) => s.a, cache: true } as never } }),
    ).toThrow(/unknown option "cache"/);
    expect(() => defineState('d4', { vars: { a: 1 }, computed: { b: { deps: ['a'] } as never } })).toThrow(
      /must be a function \(s\) => value, or \{ fn, deps\?, autoDeps\?, interval\? \}/,
    );
  });
});

describe('computed vars with an interval (Reflex: interval)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('are recomputed by the first step once the interval has passed, at most once per interval', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
    let calls = 0;
    const Clock = defineState('clock', {
      vars: { count: 0 },
      computed: {
        // Like Reflex's count3 with interval=15: reads count, depends on nothing but time.
        sampled: {
          autoDeps: false,
          interval: 15_000,
          fn: (s) => {
            calls += 1;
            return s.count;
          },
        },
        // Tracked reads still recompute it at once; the interval only adds expiry.
        live: { interval: 15_000, fn: (s) => s.count },
      },
      events: {
        increment(s) {
          s.count += 1;
        },
        nothing() {},
      },
    });
    const app = createApp({ states: [Clock] });
    await app.dispatch('t', Clock.increment());
    expect(await pageValues(app, 'clock')).toMatchObject({ count: 1, sampled: 0, live: 1 });
    vi.setSystemTime(1_000_000 + 14_999);
    await app.dispatch('t', Clock.nothing());
    expect((await pageValues(app, 'clock')).sampled).toBe(0);
    const before = calls;
    vi.setSystemTime(1_000_000 + 15_000);
    await app.dispatch('t', Clock.nothing());
    expect((await pageValues(app, 'clock')).sampled).toBe(1);
    await app.dispatch('t', Clock.increment());
    await app.dispatch('t', Clock.nothing());
    expect(calls).toBe(before + 1);
    expect(await pageValues(app, 'clock')).toMatchObject({ count: 2, sampled: 1, live: 2 });
  });
});

describe('computed vars reading another state (ComputedContext.get)', () => {
  const Cart = defineState('cart', {
    vars: { items: [] as number[], unrelated: 0 },
    computed: { subtotal: (s) => s.items.reduce((sum, n) => sum + n, 0) },
    events: {
      add(s, n: number) {
        s.items.push(n);
      },
      touch(s) {
        s.unrelated += 1;
      },
    },
  });
  const Shop = defineState('shop', {
    scope: 'app',
    vars: { tax: 0.2 },
  });
  let totalCalls = 0;
  const Checkout = defineState('checkout', {
    vars: { discount: 0 },
    computed: {
      // Another tab state's computed var: followed when it changes.
      total: (s, { get }) => {
        totalCalls += 1;
        return get(Cart).subtotal - s.discount;
      },
      // A state of another scope lives in another document: refused.
      taxed: (s, { get }) => get(Shop).tax * s.discount,
    },
    events: {
      setDiscount(s, n: number) {
        s.discount = n;
      },
    },
  });

  it('follow what they read there, and nothing else', async () => {
    const app = createApp({ states: [Cart, Checkout, Shop] });
    await app.dispatch('t', Cart.add(5));
    await app.dispatch('t', Cart.add(7));
    expect((await pageValues(app, 'checkout')).total).toBe(12);
    await app.dispatch('t', Checkout.setDiscount(2));
    expect((await pageValues(app, 'checkout')).total).toBe(10);
    const before = totalCalls;
    await app.dispatch('t', Cart.touch());
    expect(totalCalls).toBe(before);
  });

  it('fail alone, keeping their last value, when they read a state of another scope', async () => {
    const app = createApp({ states: [Cart, Checkout, Shop] });
    const errors: string[] = [];
    app.subscribe(
      't',
      () => {},
      (error) => errors.push(`${error.code} ${error.handler}`),
    );
    await app.dispatch('t', Checkout.setDiscount(3));
    expect((await pageValues(app, 'checkout')).taxed).toBeNull();
    expect(errors).toContain('COMPUTED_VAR checkout.taxed');
  });
});
