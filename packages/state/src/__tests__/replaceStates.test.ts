import { createApp, defineState } from '@core/state';
import type { StateUpdate } from '@core/state/types';
import { describe, expect, it } from 'vitest';

describe('app.replaceStates (hot reload)', () => {
  it('keeps every token’s state: new vars get defaults, removed vars go, handlers change', async () => {
    const V1 = defineState('hot', {
      vars: { counter: 0, old: 'x' },
      events: {
        inc(s) {
          s.counter += 1;
        },
      },
    });
    const app = createApp({ states: [V1] });
    await app.dispatch('t', V1.inc());
    await app.dispatch('t', V1.inc());
    const updates: StateUpdate[] = [];
    app.subscribe('t', (u) => updates.push(u));

    const V2 = defineState('hot', {
      vars: { counter: 0, added: 'new' },
      computed: { doubled: (s) => s.counter * 2 },
      events: {
        inc(s) {
          s.counter += 10;
        },
      },
    });
    const Extra = defineState('extra', { vars: { on: true } });
    app.replaceStates([V2, Extra]);
    expect(await app.snapshot('t')).toEqual({ hot: { counter: 2, added: 'new', doubled: 4 }, extra: { on: true } });
    // The page got the reconciliation as patches, so it needs no reload.
    const ops = updates.flatMap((u) => u.patches.map((p) => `${p.op} ${p.path.join('.')}`));
    expect(ops).toEqual(expect.arrayContaining(['remove hot.old', 'add hot.added', 'add hot.doubled', 'add extra']));
    await app.dispatch('t', V2.inc());
    expect((await app.snapshot('t')).hot).toEqual({ counter: 12, added: 'new', doubled: 24 });
  });

  it('recomputes a computed var whose body changed and sends the new value', async () => {
    const V1 = defineState('label', {
      vars: { n: 2 },
      computed: { text: (s) => `n is ${s.n}` },
    });
    const app = createApp({ states: [V1] });
    expect((await app.snapshot('t')).label.text).toBe('n is 2');
    const updates: StateUpdate[] = [];
    app.subscribe('t', (u) => updates.push(u));
    const V2 = defineState('label', {
      vars: { n: 2 },
      computed: { text: (s) => `n = ${s.n}` },
    });
    app.replaceStates([V2]);
    expect((await app.snapshot('t')).label.text).toBe('n = 2');
    expect(updates.at(-1)?.patches).toEqual([{ op: 'replace', path: ['label', 'text'], value: 'n = 2' }]);
  });
});
