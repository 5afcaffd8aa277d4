import { createApp, defineState } from '@core/state';
import type { StateUpdate } from '@core/state/types';
import { describe, expect, it } from 'vitest';

describe('computed vars', () => {
  it('are sent like vars, recomputed only when a var they read changed', async () => {
    const calls = { remaining: 0, label: 0 };
    const S = defineState('comp', {
      vars: { counter: 0, max: 10, title: 'a', _factor: 1 },
      computed: {
        remaining: (s) => {
          calls.remaining += 1;
          return (s.max - s.counter) * s._factor;
        },
        label: (s) => {
          calls.label += 1;
          return s.title.toUpperCase();
        },
      },
      events: {
        inc(s) {
          s.counter += 1;
        },
        retitle(s, title: string) {
          s.title = title;
        },
        factor(s, f: number) {
          s._factor = f;
        },
        readInside(s) {
          s.counter = 4;
          s.title = `remaining ${s.remaining}`; // a read inside the handler sees the draft
        },
      },
    });
    const app = createApp({ states: [S] });
    expect(await app.snapshot('t')).toEqual({ comp: { counter: 0, max: 10, title: 'a', remaining: 10, label: 'A' } });
    const updates: StateUpdate[] = [];
    app.subscribe('t', (u) => updates.push(u));
    const before = { ...calls };
    await app.dispatch('t', S.inc());
    expect(calls.remaining).toBe(before.remaining + 1);
    expect(calls.label).toBe(before.label);
    expect(updates.at(-1)?.patches).toEqual([
      { op: 'replace', path: ['comp', 'counter'], value: 1 },
      { op: 'replace', path: ['comp', 'remaining'], value: 9 },
    ]);
    await app.dispatch('t', S.retitle('b'));
    expect(calls.remaining).toBe(before.remaining + 1);
    // A backend var a computed var reads also triggers it; the backend var itself is not sent.
    await app.dispatch('t', S.factor(2));
    expect(updates.at(-1)?.patches).toEqual([{ op: 'replace', path: ['comp', 'remaining'], value: 18 }]);
    await app.dispatch('t', S.readInside());
    expect((await app.snapshot('t')).comp.title).toBe('remaining 12');
  });

  it('send nothing when the recomputed value is equal', async () => {
    const S = defineState('parity', {
      vars: { n: 0 },
      computed: { even: (s) => s.n % 2 === 0 },
      events: {
        add(s, by: number) {
          s.n += by;
        },
      },
    });
    const app = createApp({ states: [S] });
    const updates: StateUpdate[] = [];
    app.subscribe('t', (u) => updates.push(u));
    await app.dispatch('t', S.add(2));
    expect(updates.at(-1)?.patches).toEqual([{ op: 'replace', path: ['parity', 'n'], value: 2 }]);
  });

  it('are read-only in handlers', async () => {
    const S = defineState('ro', {
      vars: { n: 0 },
      computed: { twice: (s) => s.n * 2 },
      events: {
        bad(s) {
          (s as { twice: number }).twice = 3;
        },
      },
    });
    const app = createApp({ states: [S] });
    await expect(app.dispatch('t', S.bad())).rejects.toThrow(/computed var \(read-only\)/);
  });
});
