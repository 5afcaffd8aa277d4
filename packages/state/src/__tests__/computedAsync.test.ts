import { createApp, defineState } from '@core/state';
import type { StateUpdate } from '@core/state/types';
import { describe, expect, it, vi } from 'vitest';

/** The values of state `name` of token `t` as the page sees them. */
async function pageValues(app: ReturnType<typeof createApp>, name: string) {
  return (await app.snapshot('t'))[name];
}

describe('async computed vars', () => {
  function gate<T>() {
    let open!: (value: T) => void;
    let fail!: (error: unknown) => void;
    const promise = new Promise<T>((resolve, reject) => {
      open = resolve;
      fail = reject;
    });
    return { promise, open, fail };
  }

  it('hold their last value until a later step commits the result, which other computed vars follow', async () => {
    const runs: { city: string; gate: ReturnType<typeof gate<string>> }[] = [];
    const Weather = defineState('weather', {
      vars: { city: 'Oslo', seen: '' as string | null },
      computed: {
        forecast: async (s) => {
          const run = { city: s.city, gate: gate<string>() };
          runs.push(run);
          return run.gate.promise;
        },
        // Computed functions are typed with the vars only; they may read computed vars declared before.
        loud: (s) => {
          const { forecast } = s as typeof s & { forecast: string | null };
          return forecast === null ? 'none' : forecast.toUpperCase();
        },
      },
      events: {
        moveTo(s, city: string) {
          s.city = city;
        },
        look(s) {
          s.seen = s.forecast;
        },
      },
    });
    const app = createApp({ states: [Weather] });
    const updates: StateUpdate[] = [];
    app.subscribe('t', (update) => updates.push(update));
    await app.dispatch('t', Weather.look());
    expect(await pageValues(app, 'weather')).toMatchObject({ forecast: null, loud: 'none', seen: null });
    expect(runs.map((run) => run.city)).toEqual(['Oslo']);
    runs[0].gate.open('rain in Oslo');
    await app.idle();
    expect(await pageValues(app, 'weather')).toMatchObject({ forecast: 'rain in Oslo', loud: 'RAIN IN OSLO' });
    expect(updates.at(-1)?.patches).toEqual([
      { op: 'replace', path: ['weather', 'forecast'], value: 'rain in Oslo' },
      { op: 'replace', path: ['weather', 'loud'], value: 'RAIN IN OSLO' },
    ]);
    await app.dispatch('t', Weather.look());
    expect((await pageValues(app, 'weather')).seen).toBe('rain in Oslo');
  });

  it('run once at a time: a change while one runs drops its result and runs again on the latest values', async () => {
    const runs: { city: string; gate: ReturnType<typeof gate<string>> }[] = [];
    const Weather = defineState('weather2', {
      vars: { city: 'Oslo' },
      computed: {
        forecast: async (s) => {
          const run = { city: s.city, gate: gate<string>() };
          runs.push(run);
          return run.gate.promise;
        },
      },
      events: {
        moveTo(s, city: string) {
          s.city = city;
        },
      },
    });
    const app = createApp({ states: [Weather] });
    await app.dispatch('t', Weather.moveTo('Oslo')); // creates the document: the first run starts
    await app.dispatch('t', Weather.moveTo('Rome'));
    await app.dispatch('t', Weather.moveTo('Lima'));
    expect(runs.map((run) => run.city)).toEqual(['Oslo']);
    runs[0].gate.open('rain in Oslo');
    await vi.waitFor(() => expect(runs).toHaveLength(2));
    expect(runs[1].city).toBe('Lima');
    expect((await pageValues(app, 'weather2')).forecast).toBeNull();
    runs[1].gate.open('sun in Lima');
    await app.idle();
    expect((await pageValues(app, 'weather2')).forecast).toBe('sun in Lima');
    expect(runs).toHaveLength(2);
  });

  it('keep their last value and report COMPUTED_VAR when the run fails', async () => {
    let next = gate<number>();
    const Quote = defineState('quote', {
      vars: { symbol: 'A' },
      computed: { price: (s) => (s.symbol ? next.promise : next.promise) },
      events: {
        pick(s, symbol: string) {
          s.symbol = symbol;
        },
      },
    });
    const app = createApp({ states: [Quote] });
    const errors: string[] = [];
    app.subscribe(
      't',
      () => {},
      (error) => errors.push(`${error.code} ${error.handler}`),
    );
    await app.dispatch('t', Quote.pick('A'));
    next.open(42);
    await app.idle();
    expect((await pageValues(app, 'quote')).price).toBe(42);
    next = gate<number>();
    await app.dispatch('t', Quote.pick('B'));
    next.fail(new Error('feed down'));
    await app.idle();
    expect((await pageValues(app, 'quote')).price).toBe(42);
    expect(errors).toEqual(['COMPUTED_VAR quote.price']);
  });
});

describe('backend computed vars', () => {
  it('are computed and readable in handlers but never sent to the page', async () => {
    const Secret = defineState('secret', {
      vars: { count: 0, seen: -1 },
      computed: { _doubled: (s) => s.count * 2 },
      events: {
        increment(s) {
          s.count += 1;
        },
        peek(s) {
          s.seen = s._doubled;
        },
      },
    });
    const app = createApp({ states: [Secret] });
    const updates: StateUpdate[] = [];
    app.subscribe('t', (update) => updates.push(update));
    await app.dispatch('t', Secret.increment());
    await app.dispatch('t', Secret.peek());
    expect(await pageValues(app, 'secret')).toEqual({ count: 1, seen: 2 });
    expect(JSON.stringify(updates)).not.toContain('_doubled');
  });
});
