import { createApp, defineState, isStateError } from '@core/state';
import type { ErrorReport } from '@core/state/internal';
import type { StateUpdate } from '@core/state/types';
import { describe, expect, it } from 'vitest';

// Issue 28, bug 7: a computed var returning NaN made every commit of the app fail ("Cannot store
// "x" is NaN"): every page request answered 500 and every event failed with HANDLER_ERROR. Special
// floats are state values now (they travel as reserved strings); a computed var that throws or
// returns what a state cannot hold fails alone, with a message naming it.

const Stats = defineState('stats', {
  vars: { values: [] as number[], ratio: 0 },
  computed: {
    avg: (s) => s.values.reduce((a, b) => a + b, 0) / s.values.length, // NaN while empty
    shown: (s) => `${[42.9, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].join(', ')} (${s.ratio})`,
    edges: () => [42.9, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
  },
  events: {
    push(s, value: number) {
      s.values.push(value);
    },
    divide(s, by: number) {
      s.ratio = 1 / by; // Infinity for 0
    },
  },
});

let broken = true;
const Fragile = defineState('fragile', {
  vars: { n: 0 },
  computed: {
    when: (s) => (broken ? new Date(s.n) : s.n),
    throws: (s) => {
      if (broken) throw new Error('exploded');
      return s.n * 2;
    },
    fine: (s) => s.n + 1,
  },
  events: {
    add(s) {
      s.n += 1;
    },
  },
});

describe('special floats and failing computed vars (a NaN used to break every event of the app)', () => {
  it('keeps NaN, Infinity and -Infinity in state and updates, which say they hold them', async () => {
    const app = createApp({ states: [Stats] });
    const updates: StateUpdate[] = [];
    app.subscribe('t', (update) => updates.push(update));
    const before = await app.snapshot('t');
    expect(before.stats.avg).toBeNaN();
    expect(before.stats.edges).toEqual([42.9, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    await app.dispatch('t', Stats.divide(0));
    await app.dispatch('t', Stats.push(4));
    const after = await app.snapshot('t');
    expect(after.stats).toMatchObject({ ratio: Number.POSITIVE_INFINITY, avg: 4 });
    expect(after.stats.shown).toBe('42.9, NaN, Infinity, -Infinity (Infinity)');
    expect(updates[0]).toMatchObject({ floats: true });
    expect(updates[0].patches).toContainEqual({
      op: 'replace',
      path: ['stats', 'ratio'],
      value: Number.POSITIVE_INFINITY,
    });
  });

  it('fails only the computed var that throws or returns a Date, naming it; it keeps its last value', async () => {
    broken = true;
    const app = createApp({ states: [Fragile] });
    const errors: ErrorReport[] = [];
    app.subscribe(
      't',
      () => {},
      (error) => errors.push(error),
    );
    await app.dispatch('t', Fragile.add());
    expect(await app.snapshot('t')).toEqual({ fragile: { n: 1, when: null, throws: null, fine: 2 } });
    expect(errors.map((e) => [e.code, e.handler])).toEqual([
      ['COMPUTED_VAR', 'fragile.when'],
      ['COMPUTED_VAR', 'fragile.throws'],
    ]);
    expect(errors[0].message).toMatch(/Computed var "fragile\.when" is a Date object; it keeps its last value/);
    expect(errors[1].message).toMatch(/Computed var "fragile\.throws" failed: exploded/);
    broken = false;
    await app.dispatch('t', Fragile.add());
    expect((await app.snapshot('t')).fragile).toEqual({ n: 2, when: 2, throws: 4, fine: 3 });
  });

  it('still refuses a handler storing what a state cannot hold, in a sentence naming the var', async () => {
    const Bad = defineState('bad', {
      vars: { when: null as unknown },
      events: {
        set(s) {
          s.when = new Date(0);
        },
      },
    });
    const app = createApp({ states: [Bad] });
    const failure = await app.dispatch('t', Bad.set()).catch((error: unknown) => error);
    expect(isStateError(failure, 'HANDLER_ERROR')).toBe(true);
    expect((failure as Error).message).toMatch(/The change cannot be stored: "bad\.when" is a Date object\./);
  });
});
